package dev.audioexport.server;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * WildFly's HTTP management API ({@code POST /management}, JSON operations), with HTTP Digest as
 * the management interface asks for it, as the management user the servers read from the environment.
 */
final class ManagementClient {

    private final URI endpoint;
    private final Authenticator user;

    ManagementClient(int port) {
        this.endpoint = URI.create("http://127.0.0.1:" + port + "/management");
        String name = System.getenv("AUDIOEXPORT_MANAGEMENT_USER");
        char[] password = System.getenv("AUDIOEXPORT_MANAGEMENT_PASSWORD").toCharArray();
        this.user = new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(name, password);
            }
        };
    }

    /** Runs one operation; returns WildFly's answer ({@code outcome}, {@code result} or {@code failure-description}). */
    JsonObject execute(JsonObject operation) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
        connection.setAuthenticator(user);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(operation.toString().getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (status == 401) {
                throw new AssertionError("management API refused the management user: " + body);
            }
            return Json.createReader(new StringReader(body)).readObject();
        } finally {
            connection.disconnect();
        }
    }
}
