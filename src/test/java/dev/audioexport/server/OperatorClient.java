package dev.audioexport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/** The operator API over real HTTP, as curl would call it: HTTP Basic, JSON bodies. */
final class OperatorClient {

    static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String authorization;

    private OperatorClient(URI base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    /** Calls {@code base} (the application's root, e.g. http://127.0.0.1:8080/) as {@code user}. */
    static OperatorClient as(URI base, String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new OperatorClient(base, "Basic " + token);
    }

    static OperatorClient anonymous(URI base) {
        return new OperatorClient(base, null);
    }

    /** The operator account the test servers read from the environment (set by failsafe). */
    static OperatorClient operator(URI base) {
        return as(base, System.getenv("AUDIOEXPORT_OPERATOR_USER"), System.getenv("AUDIOEXPORT_OPERATOR_PASSWORD"));
    }

    static OperatorClient viewer(URI base) {
        return as(base, System.getenv("AUDIOEXPORT_VIEWER_USER"), System.getenv("AUDIOEXPORT_VIEWER_PASSWORD"));
    }

    Reply get(String path) throws Exception {
        return send(request(path).GET());
    }

    Reply post(String path, String json) throws Exception {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A POST of {@code {}} with exactly these headers (no Content-Type unless given), as a browser might send it. */
    Reply postWith(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = request(path).POST(HttpRequest.BodyPublishers.ofString("{}"));
        headers.forEach(request::header);
        return send(request);
    }

    /** Starts the job with these parameters; expects 201 and returns the execution id. */
    long start(String job, Map<String, String> parameters) throws Exception {
        Reply reply = post("api/jobs/" + job + "/start", json(parameters));
        assertEquals(201, reply.status(), reply.body());
        return reply.json().getJsonNumber("executionId").longValue();
    }

    /** Restarts an execution over the API, with these parameters changed; returns the new execution id. */
    long restart(long executionId, Map<String, String> parameters) throws Exception {
        Reply reply = post("api/jobexecutions/" + executionId + "/restart", json(parameters));
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getJsonNumber("executionId").longValue();
    }

    JsonObject execution(long executionId) throws Exception {
        Reply reply = get("api/jobexecutions/" + executionId);
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    JsonObject progress(long executionId) throws Exception {
        Reply reply = get("api/jobexecutions/" + executionId + "/progress");
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    /** Polls the execution until it has ended; returns it. */
    JsonObject awaitEnd(long executionId, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonObject execution = execution(executionId);
            if (ENDED.contains(execution.getString("batchStatus"))) {
                return execution;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("execution " + executionId + " did not end in " + timeout + ": " + execution);
            }
            Thread.sleep(100);
        }
    }

    /** Polls the live progress until at least {@code percent} of the source is read; returns that progress. */
    JsonObject awaitPercent(long executionId, double percent, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonObject progress = progress(executionId);
            if (progress.containsKey("percent") && progress.getJsonNumber("percent").doubleValue() >= percent) {
                return progress;
            }
            if (!"STARTED".equals(progress.getString("batchStatus")) && !"STARTING".equals(progress.getString("batchStatus"))
                    || Instant.now().isAfter(deadline)) {
                throw new AssertionError("execution " + executionId + " never reached " + percent + " %: " + progress);
            }
            Thread.sleep(20);
        }
    }

    static String json(Map<String, String> parameters) {
        JsonObjectBuilder body = Json.createObjectBuilder();
        parameters.forEach(body::add);
        return body.build().toString();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private static Reply send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    record Reply(int status, String body) {
        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        JsonArray array() {
            return Json.createReader(new StringReader(body)).readArray();
        }
    }
}
