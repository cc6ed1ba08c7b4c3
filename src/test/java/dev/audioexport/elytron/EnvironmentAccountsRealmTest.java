package dev.audioexport.elytron;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.wildfly.security.auth.principal.NamePrincipal;
import org.wildfly.security.auth.server.RealmIdentity;
import org.wildfly.security.credential.PasswordCredential;
import org.wildfly.security.evidence.PasswordGuessEvidence;
import org.wildfly.security.password.interfaces.ClearPassword;

class EnvironmentAccountsRealmTest {

    private static final Map<String, String> ACCOUNTS = Map.of(
            "AUDIOEXPORT_OPERATOR", "batch-operator batch-viewer",
            "AUDIOEXPORT_VIEWER", "batch-viewer");

    private static EnvironmentAccountsRealm realm(Map<String, String> environment) {
        EnvironmentAccountsRealm realm = new EnvironmentAccountsRealm(environment::get);
        realm.initialize(ACCOUNTS);
        return realm;
    }

    @Test
    void anAccountExistsOnlyWithBothItsVariables() throws Exception {
        EnvironmentAccountsRealm realm = realm(Map.of(
                "AUDIOEXPORT_OPERATOR_USER", "ops", "AUDIOEXPORT_OPERATOR_PASSWORD", "s3cret-ü",
                "AUDIOEXPORT_VIEWER_USER", "watcher"));

        assertTrue(realm.getRealmIdentity(new NamePrincipal("ops")).exists());
        assertSame(RealmIdentity.NON_EXISTENT, realm.getRealmIdentity(new NamePrincipal("watcher")));
        assertSame(RealmIdentity.NON_EXISTENT, realm.getRealmIdentity(new NamePrincipal("admin")));
    }

    @Test
    void withoutVariablesThereIsNoAccountAtAll() throws Exception {
        EnvironmentAccountsRealm realm = realm(Map.of());
        assertSame(RealmIdentity.NON_EXISTENT, realm.getRealmIdentity(new NamePrincipal("")));
        assertSame(RealmIdentity.NON_EXISTENT, realm.getRealmIdentity(new NamePrincipal("admin")));
    }

    @Test
    void verifiesTheExactPasswordOnly() throws Exception {
        RealmIdentity ops = realm(Map.of("AUDIOEXPORT_OPERATOR_USER", "ops", "AUDIOEXPORT_OPERATOR_PASSWORD", "s3cret-ü"))
                .getRealmIdentity(new NamePrincipal("ops"));

        assertTrue(ops.verifyEvidence(new PasswordGuessEvidence("s3cret-ü".toCharArray())));
        assertFalse(ops.verifyEvidence(new PasswordGuessEvidence("s3cret-u".toCharArray())));
        assertFalse(ops.verifyEvidence(new PasswordGuessEvidence("s3cret-ü ".toCharArray())));
        assertFalse(ops.verifyEvidence(new PasswordGuessEvidence(new char[0])));
    }

    @Test
    void twoAccountsWithOneUserNameFailTheBootInsteadOfOneReplacingTheOther() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> realm(Map.of(
                "AUDIOEXPORT_OPERATOR_USER", "ops", "AUDIOEXPORT_OPERATOR_PASSWORD", "a",
                "AUDIOEXPORT_VIEWER_USER", "ops", "AUDIOEXPORT_VIEWER_PASSWORD", "b")));
        assertTrue(e.getMessage().endsWith("_USER names 'ops', as another account's _USER variable does: give each "
                + "account a user name of its own."), e.getMessage());
    }

    @Test
    void rolesAreTheConfiguredGroups() throws Exception {
        EnvironmentAccountsRealm realm = realm(Map.of(
                "AUDIOEXPORT_OPERATOR_USER", "ops", "AUDIOEXPORT_OPERATOR_PASSWORD", "a",
                "AUDIOEXPORT_VIEWER_USER", "watcher", "AUDIOEXPORT_VIEWER_PASSWORD", "b"));

        assertEquals(Set.of("batch-operator", "batch-viewer"), groups(realm, "ops"));
        assertEquals(Set.of("batch-viewer"), groups(realm, "watcher"));
    }

    @Test
    void handsOutTheClearPasswordForDigestAndNothingElse() throws Exception {
        RealmIdentity ops = realm(Map.of("AUDIOEXPORT_OPERATOR_USER", "ops", "AUDIOEXPORT_OPERATOR_PASSWORD", "pw"))
                .getRealmIdentity(new NamePrincipal("ops"));

        PasswordCredential credential = ops.getCredential(PasswordCredential.class, ClearPassword.ALGORITHM_CLEAR);
        assertArrayEquals("pw".toCharArray(), credential.getPassword(ClearPassword.class).getPassword());
        assertNull(ops.getCredential(PasswordCredential.class, "bcrypt"));
    }

    private static Set<String> groups(EnvironmentAccountsRealm realm, String user) throws Exception {
        List<String> values = realm.getRealmIdentity(new NamePrincipal(user)).getAuthorizationIdentity()
                .getAttributes().get("groups");
        return new TreeSet<>(values);
    }
}
