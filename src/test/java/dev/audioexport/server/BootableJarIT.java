package dev.audioexport.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.batch.TestExports;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real bootable JAR, started with {@code java -jar} as a process and driven over HTTP on
 * loopback: a run killed with SIGKILL and one stopped with SIGTERM, each continued by a restart
 * over the API after a new start of the JAR, give exactly the CSV and rejects of an uninterrupted
 * (embedded) run. Without an operator account the API is refused, and the schedule never starts
 * a run while one is running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BootableJarIT {

    private static final int LINES = 30_000;
    private static final int[] BAD = {7, 1_000, 1_001, 17_777, 29_999};
    private static final int CHUNK = 100;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    static Path dir;
    static Path output;
    static Path source;
    static EmbeddedExport.Output expected;
    static BootableServer server;

    @BeforeAll
    static void anExportAndItsUninterruptedOutput() throws Exception {
        dir = Files.createDirectories(Path.of(System.getProperty("audioexport.it.dir"), "bootable-" + System.nanoTime()));
        // The JAR's defaults: state, input and output under ./.audio-export-server of its working directory.
        output = dir.resolve(".audio-export-server").resolve("output");
        source = TestExports.write(Files.createDirectories(dir.resolve(".audio-export-server").resolve("input"))
                .resolve("export.ndjson"), LINES, BAD);
        expected = EmbeddedExport.run(source, dir.resolve("expected.csv"), CHUNK);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null && server.isAlive()) {
            server.terminate(Duration.ofMinutes(2));
        }
    }

    @Test
    @Order(1)
    void aRunKilledWithSigkillIsMarkedFailedAtTheNextStartAndItsRestartGivesTheSameCsv() throws Exception {
        server = BootableServer.start(dir, Map.of());
        figure("bootable JAR start to ready (first boot)", server.bootTime().toMillis() + " ms");
        OperatorClient api = OperatorClient.operator(server.base());

        long id = api.start("audio-export", run("crash.csv"));
        JsonObject progress = api.awaitPercent(id, 20, RUN_TIMEOUT);
        assertTrue(progress.getBoolean("running"), progress.toString());
        server.kill();
        assertTrue(Files.size(output.resolve("crash.csv")) < Files.size(expected.csv()), "killed mid-run");

        server = BootableServer.start(dir, Map.of());
        JsonObject stale = api.execution(id);
        assertEquals("FAILED", stale.getString("batchStatus"), stale.toString());
        assertTrue(stale.getString("exitStatus").contains("the server running it stopped without ending it"), stale.toString());
        assertTrue(server.log().contains("Execution " + id + " of audio-export was left STARTED by a server that is gone"));

        long restarted = api.restart(id, Map.of());
        assertEquals("COMPLETED", api.awaitEnd(restarted, RUN_TIMEOUT).getString("batchStatus"));
        ServerJobIT.assertOutputsEqual(expected.csv(), output.resolve("crash.csv"));
        assertEquals(expected.totals().rowsWritten(), api.progress(restarted).getJsonNumber("rowsWritten").longValue(),
                "no row missing or written twice");
    }

    @Test
    @Order(2)
    void sigtermStopsARunAtACheckpointAndItRestartsFromIt() throws Exception {
        OperatorClient api = OperatorClient.operator(server.base());
        long id = api.start("audio-export", run("term.csv"));
        api.awaitPercent(id, 20, RUN_TIMEOUT);
        figure("resident memory while running an export", server.residentMiB() + " MiB");
        Duration exit = server.terminate(Duration.ofMinutes(2));
        figure("SIGTERM to exit, with a run to stop", exit.toMillis() + " ms");

        server = BootableServer.start(dir, Map.of());
        figure("bootable JAR start to ready (existing repository)", server.bootTime().toMillis() + " ms");
        JsonObject stopped = api.execution(id);
        assertEquals("STOPPED", stopped.getString("batchStatus"), stopped.toString());
        long linesAtStop = api.progress(id).getJsonNumber("linesRead").longValue();
        assertTrue(linesAtStop > 0 && linesAtStop < LINES, "stopped mid-run at line " + linesAtStop);

        long restarted = api.restart(id, Map.of());
        assertEquals("COMPLETED", api.awaitEnd(restarted, RUN_TIMEOUT).getString("batchStatus"));
        ServerJobIT.assertOutputsEqual(expected.csv(), output.resolve("term.csv"));
        figure("resident memory after the runs", server.residentMiB() + " MiB");
        server.terminate(Duration.ofMinutes(2));
    }

    @Test
    @Order(3)
    void withoutAnOperatorAccountTheApiIsRefusedAndTheScheduleNeverOverlapsRuns() throws Exception {
        Path scheduled = Files.createDirectories(dir.resolve("scheduled"));
        // A run must outlast the 1 s period, however fast the machine, for a firing to be skipped.
        Path longSource = Files.createDirectories(scheduled.resolve(".audio-export-server").resolve("input"))
                .resolve("long-export.ndjson");
        for (int copy = 0; copy < 4; copy++) {
            Files.write(longSource, Files.readAllBytes(source), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        Map<String, String> env = new HashMap<>();
        env.put("AUDIOEXPORT_OPERATOR_USER", null);
        env.put("AUDIOEXPORT_OPERATOR_PASSWORD", null);
        env.put("AUDIOEXPORT_SCHEDULE", "0/1 * * * * *");
        env.put("AUDIOEXPORT_SCHEDULE_SOURCE", longSource.toString());
        env.put("AUDIOEXPORT_SCHEDULE_CSV", "run-{time}.csv");
        server = BootableServer.start(scheduled, env);

        OperatorClient.Reply refused = OperatorClient.viewer(server.base()).get("api/jobs");
        assertEquals(503, refused.status(), refused.body());
        assertTrue(refused.json().getString("error").contains("Set AUDIOEXPORT_OPERATOR_USER and AUDIOEXPORT_OPERATOR_PASSWORD"));
        assertTrue(server.log().contains("The operator API under /api is disabled: no operator account is configured"));

        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (count(server.log(), "Scheduled run started") < 2 || !server.log().contains("Scheduled run skipped")) {
            assertTrue(Instant.now().isBefore(deadline), "the schedule did not start two runs and skip one:\n" + server.log());
            Thread.sleep(250);
        }
        List<Execution> runs = executions(new ManagementClient(BootableServer.MANAGEMENT_PORT));
        assertTrue(runs.size() >= 2, runs.toString());
        for (int i = 1; i < runs.size(); i++) {
            Execution previous = runs.get(i - 1);
            assertTrue(previous.end() != null && !runs.get(i).start().isBefore(previous.end()),
                    "run " + runs.get(i) + " started while " + previous + " was running");
        }
        Execution first = runs.get(0);
        assertEquals("COMPLETED", first.status());
        server.terminate(Duration.ofMinutes(2));
    }

    @Test
    @Order(4)
    void withTlsOnTheApiIsServedOverHttpsAndPlainHttpOnlyRedirectsBeforeAskingForAPassword() throws Exception {
        Path tls = Files.createDirectories(dir.resolve("tls"));
        String password = "it-tls-" + UUID.randomUUID();
        Path keystore = TestKeystore.generate(tls.resolve("server.p12"), password);
        Map<String, String> env = Map.of("AUDIOEXPORT_TLS", "true", "AUDIOEXPORT_TLS_KEYSTORE", keystore.toString(),
                "AUDIOEXPORT_TLS_KEYSTORE_PASSWORD", password);
        server = BootableServer.start(tls, env);
        figure("bootable JAR start to ready with HTTPS on", server.bootTime().toMillis() + " ms");

        HttpClient https = HttpClient.newBuilder().sslContext(TestKeystore.trusting(keystore, password)).build();
        URI jobs = URI.create("https://127.0.0.1:" + BootableServer.HTTPS_PORT + "/api/jobs");
        String operator = System.getenv("AUDIOEXPORT_OPERATOR_USER") + ":" + System.getenv("AUDIOEXPORT_OPERATOR_PASSWORD");
        HttpResponse<String> secure = https.send(HttpRequest.newBuilder(jobs).header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(operator.getBytes(UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, secure.statusCode(), secure.body());
        assertEquals("TLSv1.3", secure.sslSession().orElseThrow().getProtocol());

        HttpResponse<String> plain = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.base().resolve("api/jobs?count=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(308, plain.statusCode(), plain.body());
        assertEquals(jobs + "?count=1", plain.headers().firstValue("Location").orElse(null));
        assertTrue(plain.headers().firstValue("WWW-Authenticate").isEmpty(), "no password asked for over plain HTTP");
        HttpResponse<String> start = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.base().resolve("api/jobs/audio-export/start")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(308, start.statusCode(), "nothing is served over plain HTTP: " + start.body());

        assertFalse(server.log().contains(password), "the key store password is in no log line");
        assertTrue(server.log().contains("HTTPS is on; plain HTTP only redirects to it"));
        server.terminate(Duration.ofMinutes(2));
    }

    private static Map<String, String> run(String csv) {
        return Map.of("source", source.toString(), "csv", csv, "chunkSize", String.valueOf(CHUNK));
    }

    /** The job's executions as WildFly's management API lists them, oldest first. */
    private static List<Execution> executions(ManagementClient management) throws Exception {
        JsonObject answer = management.execute(Json.createObjectBuilder()
                .add("operation", "read-resource")
                .add("address", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("deployment", "ROOT.war"))
                        .add(Json.createObjectBuilder().add("subsystem", "batch-jberet"))
                        .add(Json.createObjectBuilder().add("job", "audio-export")))
                .add("include-runtime", true)
                .add("recursive", true)
                .build());
        assertEquals("success", answer.getString("outcome"), answer.toString());
        List<Execution> runs = new ArrayList<>();
        answer.getJsonObject("result").getJsonObject("execution").forEach((id, value) -> {
            JsonObject e = value.asJsonObject();
            runs.add(new Execution(Long.parseLong(id), e.getString("batch-status"), time(e, "start-time"),
                    time(e, "end-time")));
        });
        runs.sort(Comparator.comparing(Execution::start));
        return runs;
    }

    private static LocalDateTime time(JsonObject execution, String name) {
        return execution.containsKey(name) && execution.get(name).getValueType() == jakarta.json.JsonValue.ValueType.STRING
                ? LocalDateTime.parse(execution.getString(name)) : null;
    }

    record Execution(long id, String status, LocalDateTime start, LocalDateTime end) {
    }

    private static int count(String text, String what) {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            count++;
        }
        return count;
    }

    /** Figures for the closing note, in target/server-it/figures.txt. */
    private static void figure(String what, String value) throws Exception {
        Files.writeString(Path.of(System.getProperty("audioexport.it.dir"), "figures.txt"), what + ": " + value + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
