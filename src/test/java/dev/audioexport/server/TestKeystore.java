package dev.audioexport.server;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway PKCS12 key store for the HTTPS tests, made by the JDK's keytool at test time (no key
 * store is committed): a self-signed certificate for 127.0.0.1, valid two days. Its password goes
 * to keytool through the environment ({@code -storepass:env}), as it should for a real one.
 */
final class TestKeystore {

    private static final String ALIAS = "server";

    private TestKeystore() {
    }

    static Path generate(Path file, String password) throws Exception {
        ProcessBuilder keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
                "keytool" + (File.separatorChar == '\\' ? ".exe" : "")).toString(),
                "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass:env", "TEST_KEYSTORE_PASSWORD")
                .redirectErrorStream(true);
        keytool.environment().put("TEST_KEYSTORE_PASSWORD", password);
        Process process = keytool.start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0 || !Files.isRegularFile(file)) {
            throw new IllegalStateException("keytool failed: " + said);
        }
        return file;
    }

    /** A client context that trusts this key store's certificate and nothing else. */
    static SSLContext trusting(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry(ALIAS, store.getCertificate(ALIAS));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
