package dev.audioexport.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the server serves HTTPS, from the environment deploy/server.cli reads too:
 * {@value #SWITCH}=true turns the HTTPS listener on, with the key store in {@value #KEYSTORE}
 * (PKCS12 unless {@code AUDIOEXPORT_TLS_KEYSTORE_TYPE} says JKS) and its password in
 * {@value #PASSWORD}. Then plain HTTP only redirects to it ({@link HttpsRedirect}). The
 * password is read by WildFly from the environment; nothing here keeps or shows it.
 */
final class TlsSettings {

    static final String SWITCH = "AUDIOEXPORT_TLS";
    static final String KEYSTORE = "AUDIOEXPORT_TLS_KEYSTORE";
    static final String PASSWORD = "AUDIOEXPORT_TLS_KEYSTORE_PASSWORD";

    private TlsSettings() {
    }

    static boolean enabled() {
        return Boolean.parseBoolean(System.getenv(SWITCH));
    }

    /**
     * Why HTTPS cannot be served as configured, or empty. WildFly starts an HTTPS listener over
     * a missing key store as over an empty one (every handshake then fails); the deployment
     * fails instead, naming what to set.
     */
    static Optional<String> problem() {
        if (!enabled()) {
            return Optional.empty();
        }
        String keystore = System.getenv(KEYSTORE);
        if (keystore == null || keystore.isBlank() || !Files.isReadable(Path.of(keystore))) {
            return Optional.of(SWITCH + "=true but " + KEYSTORE + " ("
                    + (keystore == null || keystore.isBlank() ? "not set" : keystore)
                    + ") is not a readable key store file: set it to the PKCS12 file holding the server's key and "
                    + "certificate (a PEM pair converts with 'openssl pkcs12 -export'), and " + PASSWORD + " to its password.");
        }
        String password = System.getenv(PASSWORD);
        if (password == null || password.isEmpty()) {
            return Optional.of(SWITCH + "=true but " + PASSWORD + " is not set: set it to the password of " + keystore + ".");
        }
        return Optional.empty();
    }
}
