package dev.audioexport.elytron;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import org.wildfly.security.auth.SupportLevel;
import org.wildfly.security.auth.principal.NamePrincipal;
import org.wildfly.security.auth.server.RealmIdentity;
import org.wildfly.security.auth.server.SecurityRealm;
import org.wildfly.security.authz.AuthorizationIdentity;
import org.wildfly.security.authz.MapAttributes;
import org.wildfly.security.credential.Credential;
import org.wildfly.security.credential.PasswordCredential;
import org.wildfly.security.evidence.Evidence;
import org.wildfly.security.evidence.PasswordGuessEvidence;
import org.wildfly.security.password.interfaces.ClearPassword;

/**
 * An Elytron realm whose accounts come from environment variables read at boot, so that no
 * password is ever written to a file, the server configuration or the bootable JAR.
 * <p>Configured as a {@code custom-realm} with one property per account: the key is the prefix of
 * two environment variables ({@code PREFIX_USER}, {@code PREFIX_PASSWORD}), the value the roles
 * (groups) of that account, separated by spaces. An account whose variables are unset or empty
 * does not exist; there is no default password.
 */
public final class EnvironmentAccountsRealm implements SecurityRealm {

    private static final Logger LOG = Logger.getLogger(EnvironmentAccountsRealm.class.getName());

    private final Function<String, String> environment;
    private Map<String, Account> accounts = Map.of();

    /** Elytron instantiates custom realms with their public no-argument constructor. */
    public EnvironmentAccountsRealm() {
        this(System::getenv);
    }

    EnvironmentAccountsRealm(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Called by Elytron with the {@code configuration} of the custom-realm resource. */
    public void initialize(Map<String, String> configuration) {
        Map<String, Account> byName = new LinkedHashMap<>();
        configuration.forEach((prefix, roles) -> {
            String user = environment.apply(prefix + "_USER");
            String password = environment.apply(prefix + "_PASSWORD");
            if (user == null || user.isBlank() || password == null || password.isEmpty()) {
                LOG.info(() -> "No account from " + prefix + "_USER / " + prefix + "_PASSWORD: they are not both set");
                return;
            }
            Set<String> groups = Set.copyOf(Arrays.asList(roles.trim().split("\\s+")));
            Account other = byName.put(user, new Account(user, password.toCharArray(), groups));
            if (other != null) {
                // one would replace the other, and which one is up to the configuration's order
                throw new IllegalStateException(prefix + "_USER names '" + user + "', as another account's _USER "
                        + "variable does: give each account a user name of its own.");
            }
            LOG.info(() -> "Account '" + user + "' from " + prefix + "_USER with roles " + groups);
        });
        accounts = Map.copyOf(byName);
    }

    @Override
    public RealmIdentity getRealmIdentity(Principal principal) {
        Account account = principal == null ? null : accounts.get(principal.getName());
        return account == null ? RealmIdentity.NON_EXISTENT : new Identity(account);
    }

    @Override
    public SupportLevel getCredentialAcquireSupport(Class<? extends Credential> type, String algorithm,
            AlgorithmParameterSpec parameters) {
        return isClearPassword(type, algorithm) ? SupportLevel.POSSIBLY_SUPPORTED : SupportLevel.UNSUPPORTED;
    }

    @Override
    public SupportLevel getEvidenceVerifySupport(Class<? extends Evidence> type, String algorithm) {
        return PasswordGuessEvidence.class.isAssignableFrom(type) ? SupportLevel.POSSIBLY_SUPPORTED
                : SupportLevel.UNSUPPORTED;
    }

    private static boolean isClearPassword(Class<? extends Credential> type, String algorithm) {
        return type == PasswordCredential.class && (algorithm == null || ClearPassword.ALGORITHM_CLEAR.equals(algorithm));
    }

    record Account(String name, char[] password, Set<String> groups) {
    }

    /** One account; the clear password is handed out for DIGEST, compared in constant time for BASIC. */
    private static final class Identity implements RealmIdentity {

        private final Account account;

        Identity(Account account) {
            this.account = account;
        }

        @Override
        public Principal getRealmIdentityPrincipal() {
            return new NamePrincipal(account.name());
        }

        @Override
        public SupportLevel getCredentialAcquireSupport(Class<? extends Credential> type, String algorithm,
                AlgorithmParameterSpec parameters) {
            return isClearPassword(type, algorithm) ? SupportLevel.SUPPORTED : SupportLevel.UNSUPPORTED;
        }

        @Override
        public <C extends Credential> C getCredential(Class<C> type) {
            return getCredential(type, null);
        }

        @Override
        public <C extends Credential> C getCredential(Class<C> type, String algorithm) {
            if (!isClearPassword(PasswordCredential.class, algorithm) || !type.isAssignableFrom(PasswordCredential.class)) {
                return null;
            }
            return type.cast(new PasswordCredential(ClearPassword.createRaw(ClearPassword.ALGORITHM_CLEAR,
                    account.password().clone())));
        }

        @Override
        public SupportLevel getEvidenceVerifySupport(Class<? extends Evidence> type, String algorithm) {
            return PasswordGuessEvidence.class.isAssignableFrom(type) ? SupportLevel.SUPPORTED : SupportLevel.UNSUPPORTED;
        }

        @Override
        public boolean verifyEvidence(Evidence evidence) {
            if (!(evidence instanceof PasswordGuessEvidence guess)) {
                return false;
            }
            return MessageDigest.isEqual(utf8(guess.getGuess()), utf8(account.password()));
        }

        @Override
        public boolean exists() {
            return true;
        }

        @Override
        public AuthorizationIdentity getAuthorizationIdentity() {
            return AuthorizationIdentity.basicIdentity(new MapAttributes(Map.of("groups", List.copyOf(account.groups()))));
        }

        private static byte[] utf8(char[] chars) {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
            return Arrays.copyOf(bytes.array(), bytes.limit());
        }
    }
}
