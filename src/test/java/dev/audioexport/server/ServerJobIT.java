package dev.audioexport.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.audioexport.batch.FaultInjectingJobXmlResolver;
import dev.audioexport.batch.FaultInjector;
import dev.audioexport.batch.TestExports;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped WAR (target/audio-export.war, plus the test-only fault injector) in WildFly,
 * driven over real HTTP on loopback: the operator API, its security, and WildFly's management API.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ServerJobIT {

    private static final Path IT = Path.of(System.getProperty("audioexport.it.dir"), "arquillian");
    /** The server's output directory (-Daudioexport.output.dir in arquillian.xml). */
    private static final Path OUTPUT = IT.resolve("output");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static final int LINES = 60;
    private static final int CHUNK = 7;
    private static final int[] BAD = {5, 22, 23, 58};

    @ArquillianResource
    URL base;

    private OperatorClient operator;
    private Path input;
    private String name;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        String faultJob = FaultInjectingJobXmlResolver.faultInjecting(Files.readString(Path.of("jobs", "audio-export.xml")));
        return ShrinkWrap.createFromZipFile(WebArchive.class, Path.of("target", "audio-export.war").toFile())
                .addClass(FaultInjector.class)
                .addAsResource(new StringAsset(faultJob), "META-INF/batch-jobs/" + FaultInjectingJobXmlResolver.JOB + ".xml");
    }

    @BeforeEach
    void setUp() throws Exception {
        operator = OperatorClient.operator(base.toURI());
        input = Files.createDirectories(IT.resolve("input"));
        Files.createDirectories(OUTPUT);
        name = "t" + System.nanoTime();
    }

    @Test
    void theSeedSampleGivesTheEmbeddedRunsCsvWithStepMetrics() throws Exception {
        Path source = input.resolve(name + "-seed.ndjson");
        try (InputStream in = getClass().getResourceAsStream("/samples/seed-audio-export.ndjson")) {
            Files.copy(in, source);
        }
        Path expected = EmbeddedExport.run(source, IT.resolve(name + "-embedded.csv"), 1000).csv();

        long id = operator.start("audio-export", Map.of("source", source.toString(), "csv", name + ".csv"));
        JsonObject execution = operator.awaitEnd(id, RUN_TIMEOUT);

        assertEquals("COMPLETED", execution.getString("batchStatus"), execution.toString());
        assertEquals(OUTPUT.resolve(name + ".csv").toString(), execution.getJsonObject("jobParameters").getString("csv"));
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(OUTPUT.resolve(name + ".csv")));
        try (InputStream golden = getClass().getResourceAsStream("/samples/seed-audio-export.expected.csv")) {
            assertArrayEquals(golden.readAllBytes(), Files.readAllBytes(OUTPUT.resolve(name + ".csv")));
        }
        JsonArray steps = operator.get("api/jobexecutions/" + id + "/stepexecutions").array();
        Map<String, Long> metrics = metrics(steps.getJsonObject(0));
        assertEquals(1L, metrics.get("READ_COUNT"));
        assertEquals(1L, metrics.get("WRITE_COUNT"));
        assertEquals(1L, metrics.get("COMMIT_COUNT"));
        assertEquals(0L, metrics.get("ROLLBACK_COUNT"));
    }

    @Test
    void badLinesAndMultibyteTextGiveTheEmbeddedRunsCsvAndRejectsAndTheProgressSaysWhere() throws Exception {
        Path source = TestExports.write(input.resolve(name + ".ndjson"), LINES, BAD);
        EmbeddedExport.Output embedded = EmbeddedExport.run(source, IT.resolve(name + "-embedded.csv"), CHUNK);
        Path expected = embedded.csv();

        long id = operator.start("audio-export", Map.of("source", source.toString(), "csv", name + ".csv",
                "chunkSize", String.valueOf(CHUNK)));
        assertEquals("COMPLETED", operator.awaitEnd(id, RUN_TIMEOUT).getString("batchStatus"));

        assertOutputsEqual(expected, OUTPUT.resolve(name + ".csv"));
        JsonObject progress = operator.progress(id);
        assertEquals(LINES, progress.getInt("linesRead"));
        assertEquals(BAD.length, progress.getInt("linesRejected"));
        assertEquals(embedded.totals().rowsWritten(), progress.getJsonNumber("rowsWritten").longValue());
        assertFalse(progress.getBoolean("running"));
        assertEquals(EmbeddedExport.rejectsOf(OUTPUT.resolve(name + ".csv")).toString(), progress.getString("rejects"));
    }

    @Test
    void aFailureMidRunThenARestartOverTheApiGivesTheUninterruptedOutput() throws Exception {
        Path source = TestExports.write(input.resolve(name + ".ndjson"), LINES, BAD);
        Path expected = EmbeddedExport.run(source, IT.resolve(name + "-embedded.csv"), CHUNK).csv();

        for (String failAt : new String[] {"afterProcess:24", "afterWrite:3"}) {
            String csv = name + "-" + failAt.replace(':', '-') + ".csv";
            long failed = operator.start(FaultInjectingJobXmlResolver.JOB, Map.of("source", source.toString(),
                    "csv", csv, "chunkSize", String.valueOf(CHUNK), "failAt", failAt));
            JsonObject failure = operator.awaitEnd(failed, RUN_TIMEOUT);
            assertEquals("FAILED", failure.getString("batchStatus"), failure.toString());
            assertTrue(failure.getString("exitStatus").contains("injected failure"), failure.toString());
            assertTrue(Files.size(OUTPUT.resolve(csv)) < Files.size(expected), "the failed run wrote only part");

            long restarted = operator.restart(failed, Map.of("failAt", ""));
            assertEquals("COMPLETED", operator.awaitEnd(restarted, RUN_TIMEOUT).getString("batchStatus"));
            assertOutputsEqual(expected, OUTPUT.resolve(csv));
        }
    }

    /** A stop after the step completed: the restart runs no step, and its progress is the run's, not zeros. */
    @Test
    void aRestartAfterAStopThatCameAfterTheStepShowsTheRunsTotals() throws Exception {
        Path source = TestExports.write(input.resolve(name + ".ndjson"), LINES, BAD);
        long stopped = operator.start(FaultInjectingJobXmlResolver.JOB, Map.of("source", source.toString(),
                "csv", name + ".csv", "chunkSize", String.valueOf(CHUNK), "failAt", "stopAfterStep"));
        assertEquals("STOPPED", operator.awaitEnd(stopped, RUN_TIMEOUT).getString("batchStatus"));

        long restarted = operator.restart(stopped, Map.of("failAt", ""));
        assertEquals("COMPLETED", operator.awaitEnd(restarted, RUN_TIMEOUT).getString("batchStatus"));
        JsonObject progress = operator.progress(restarted);
        assertEquals(LINES, progress.getInt("linesRead"), progress.toString());
        assertEquals(BAD.length, progress.getInt("linesRejected"), progress.toString());
    }

    @Test
    void aRunFailedOnItsSkipLimitRestartsWithAHigherOneGivenAsAJsonNumber() throws Exception {
        Path source = TestExports.write(input.resolve(name + ".ndjson"), LINES, BAD);
        Path expected = EmbeddedExport.run(source, IT.resolve(name + "-embedded.csv"), CHUNK).csv();
        long failed = operator.start("audio-export", Map.of("source", source.toString(), "csv", name + ".csv",
                "chunkSize", String.valueOf(CHUNK), "skipLimit", "1"));
        JsonObject failure = operator.awaitEnd(failed, RUN_TIMEOUT);
        assertEquals("FAILED", failure.getString("batchStatus"), failure.toString());
        assertTrue(failure.getString("exitStatus").contains("more than the skip limit of 1"), failure.toString());

        // As on the command line, a restart changes the skip limit but not what the run reads or writes.
        for (String path : new String[] {"api/jobexecutions/" + failed + "/restart", "api/jobs/audio-export/restart"}) {
            OperatorClient.Reply moved = operator.post(path, "{\"skipLimit\": 10, \"csv\": \"" + name + "-other.csv\"}");
            assertEquals(400, moved.status(), moved.body());
            assertEquals("Job parameter 'csv' cannot change on a restart: the restart continues what execution " + failed
                    + " read and wrote ('" + OUTPUT.resolve(name + ".csv") + "'). Leave it out of the restart, or start a "
                    + "new run.", moved.json().getString("error"));
        }
        // The batch runtime's own parameters are not the operator's: a forced restart of a run still
        // running would be a second copy writing the same files.
        OperatorClient.Reply forced = operator.post("api/jobexecutions/" + failed + "/restart",
                "{\"jberet.restart.mode\": \"force\"}");
        assertEquals(400, forced.status(), forced.body());
        assertTrue(forced.json().getString("error").startsWith("Job parameter 'jberet.restart.mode' is refused"),
                forced.body());
        // Nor the command line's run identity: a server's execution carrying a run token would be judged by it.
        OperatorClient.Reply token = operator.post("api/jobs/audio-export/start", "{\"source\": \"" + source
                + "\", \"csv\": \"" + name + "-token.csv\", \"runToken\": \"t-1\"}");
        assertEquals(400, token.status(), token.body());
        assertTrue(token.json().getString("error").startsWith("Job parameter 'runToken' is refused"), token.body());
        OperatorClient.Reply restarted = operator.post("api/jobexecutions/" + failed + "/restart", "{\"skipLimit\": 10}");
        assertEquals(200, restarted.status(), restarted.body());
        long id = restarted.json().getJsonNumber("executionId").longValue();
        assertEquals("COMPLETED", operator.awaitEnd(id, RUN_TIMEOUT).getString("batchStatus"));
        assertOutputsEqual(expected, OUTPUT.resolve(name + ".csv"));
    }

    @Test
    void aBodyThatIsNotAnObjectOfJobParametersOrAMisspeltJobIsRefusedSayingWhatToSend() throws Exception {
        for (String body : new String[] {"{\"source\": ", "[1]", "{\"source\": null}"}) {
            OperatorClient.Reply refused = operator.post("api/jobs/audio-export/start", body);
            assertEquals(400, refused.status(), body + " -> " + refused.body());
            assertTrue(refused.json().getString("error").startsWith("The request body must be one JSON object of job "
                    + "parameters with string values, e.g. {"), refused.body());
        }
        OperatorClient.Reply misspelt = operator.post("api/jobs/audio-exprot/start", "{}");
        assertEquals(404, misspelt.status(), misspelt.body());
        assertEquals("There is no job 'audio-exprot' in this server: the export is the job audio-export, e.g. "
                + "POST /api/jobs/audio-export/start, and the sync of projects the job audio-export-sync.",
                misspelt.json().getString("error"));
        // The sync's rejects directory is an output like the others: under the output directory only.
        OperatorClient.Reply sync = operator.post("api/jobs/audio-export-sync/start",
                "{\"projects\": \"p1\", \"jdbcUrl\": \"jdbc:postgresql://127.0.0.1:1/it-listed\", "
                        + "\"rejectsDir\": \"/tmp\"}");
        assertEquals(400, sync.status(), sync.body());
        assertTrue(sync.json().getString("error").startsWith("Job parameter 'rejectsDir' = '/tmp' is refused: it points "
                + "outside " + OUTPUT), sync.body());
        OperatorClient.Reply twice = operator.post("api/jobs/audio-export-sync/start",
                "{\"projects\": \"p1,p2,p1\", \"jdbcUrl\": \"jdbc:postgresql://127.0.0.1:1/it-listed\"}");
        assertEquals(400, twice.status(), twice.body());
        assertEquals("projects: project p1 is listed twice; list each once.", twice.json().getString("error"));
        OperatorClient.Reply nested = operator.post("api/jobs/audio-export/start", "{\"source\": {\"path\": \"x\"}}");
        assertEquals(400, nested.status(), nested.body());
        assertEquals("Job parameter 'source' is a JSON object: give its value as a string, e.g. {\"source\": \"...\"}.",
                nested.json().getString("error"));
    }

    @Test
    void theApiRefusesUnauthenticatedAndWrongRoleCalls() throws Exception {
        URI root = base.toURI();
        Path source = TestExports.write(input.resolve(name + ".ndjson"), 3);
        long id = operator.start("audio-export", Map.of("source", source.toString(), "csv", name + ".csv"));
        operator.awaitEnd(id, RUN_TIMEOUT);
        String start = OperatorClient.json(Map.of("source", source.toString(), "csv", name + "-2.csv"));

        OperatorClient anonymous = OperatorClient.anonymous(root);
        assertEquals(401, anonymous.get("api/jobs").status());
        assertEquals(401, anonymous.get("api/jobexecutions/" + id).status());
        assertEquals(401, anonymous.post("api/jobs/audio-export/start", start).status());
        OperatorClient wrongPassword = OperatorClient.as(root, System.getenv("AUDIOEXPORT_OPERATOR_USER"), "not-it");
        assertEquals(401, wrongPassword.get("api/jobs").status());
        assertEquals(401, wrongPassword.post("api/jobs/audio-export/start", start).status());

        OperatorClient viewer = OperatorClient.viewer(root);
        assertEquals(200, viewer.get("api/jobexecutions/" + id).status());
        assertEquals(200, viewer.get("api/jobexecutions/" + id + "/progress").status());
        assertEquals(200, viewer.get("api/jobexecutions/" + id + "/stepexecutions").status());
        assertEquals(200, viewer.get("api/jobinstances?jobName=audio-export").status());
        assertEquals(403, viewer.post("api/jobs/audio-export/start", start).status());
        assertEquals(403, viewer.post("api/jobexecutions/" + id + "/restart", "{}").status());
        assertEquals(403, viewer.post("api/jobexecutions/" + id + "/stop", "{}").status());
        assertEquals(403, viewer.post("api/jobexecutions/" + id + "/abandon", "{}").status());
        assertFalse(Files.exists(OUTPUT.resolve(name + "-2.csv")), "a refused start ran nothing");

        OperatorClient.Reply submitted = operator.post("api/jobs/submit", "{\"id\":\"anything\"}");
        assertEquals(403, submitted.status());
        assertTrue(submitted.json().getString("error").contains("only the job XMLs shipped"), submitted.body());
        assertEquals(403, operator.post("api/jobs/audio-export/schedule", "{}").status());
    }

    @Test
    void aSignedSourceUrlsQueryIsInNoResponseAndTheRunStillDownloadsIt() throws Exception {
        byte[] seed;
        try (InputStream in = getClass().getResourceAsStream("/samples/seed-audio-export.ndjson")) {
            seed = in.readAllBytes();
        }
        HttpServer files = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        files.createContext("/export.ndjson", exchange -> {
            exchange.sendResponseHeaders(200, seed.length);
            try (var body = exchange.getResponseBody()) {
                body.write(seed);
            }
        });
        files.start();
        try {
            String unsigned = "http://127.0.0.1:" + files.getAddress().getPort() + "/export.ndjson";
            String signed = unsigned + "?X-Amz-Credential=it-key&X-Amz-Signature=it-signature-" + name;
            OperatorClient.Reply started = operator.post("api/jobs/audio-export/start",
                    OperatorClient.json(Map.of("source", signed, "csv", name + ".csv")));
            assertEquals(201, started.status(), started.body());
            long id = started.json().getJsonNumber("executionId").longValue();
            assertEquals("COMPLETED", operator.awaitEnd(id, RUN_TIMEOUT).getString("batchStatus"));
            try (InputStream golden = getClass().getResourceAsStream("/samples/seed-audio-export.expected.csv")) {
                assertArrayEquals(golden.readAllBytes(), Files.readAllBytes(OUTPUT.resolve(name + ".csv")));
            }

            OperatorClient viewer = OperatorClient.viewer(base.toURI());
            JsonObject shown = viewer.execution(id);
            assertEquals(unsigned + "?...", shown.getJsonObject("jobParameters").getString("source"), shown.toString());
            for (String body : new String[] {started.body(), shown.toString(),
                    viewer.get("api/jobexecutions?count=50").body(),
                    viewer.get("api/jobexecutions/running?jobName=audio-export").body(),
                    operator.get("api/jobexecutions/" + id).body()}) {
                assertFalse(body.contains("it-signature-" + name) || body.contains("it-key"), body);
            }
        } finally {
            files.stop(0);
        }
    }

    @Test
    void outputFilesOutsideTheOutputDirectoryAreRefusedBeforeAnythingRuns() throws Exception {
        Path source = TestExports.write(input.resolve(name + ".ndjson"), 3);
        Path outside = Files.createDirectories(IT.resolve(name + "-outside"));
        Files.createSymbolicLink(OUTPUT.resolve(name + "-link"), outside);

        for (String csv : new String[] {"../" + name + "-escape.csv", outside.resolve("abs.csv").toString(),
                name + "-link/through-link.csv"}) {
            OperatorClient.Reply refused = operator.post("api/jobs/audio-export/start",
                    OperatorClient.json(Map.of("source", source.toString(), "csv", csv)));
            assertEquals(400, refused.status(), refused.body());
            assertTrue(refused.json().getString("error").startsWith("Job parameter 'csv' = '" + csv + "' is refused"),
                    refused.body());
        }
        OperatorClient.Reply rejectsOutside = operator.post("api/jobs/audio-export/start", OperatorClient.json(
                Map.of("source", source.toString(), "csv", name + ".csv", "rejects", "/tmp/" + name + ".jsonl")));
        assertEquals(400, rejectsOutside.status(), rejectsOutside.body());
        try (var files = Files.list(outside)) {
            assertEquals(0, files.count(), "nothing was written outside");
        }
        OperatorClient.Reply secret = operator.post("api/jobs/audio-export/start", OperatorClient.json(Map.of(
                "source", source.toString(), "csv", name + "-db.csv",
                "jdbcUrl", "jdbc:postgresql://127.0.0.1/test?user=u&password=hunter2")));
        assertEquals(400, secret.status(), secret.body());
        assertTrue(secret.json().getString("error").startsWith("jdbcUrl must not hold a password"), secret.body());
        assertTrue(!operator.get("api/jobexecutions?count=50").body().contains("hunter2"),
                "the password reached no execution");

        // The server's database account goes only to the databases it lists (AUDIOEXPORT_TABLE_URLS in the pom).
        OperatorClient.Reply unlisted = operator.post("api/jobs/audio-export/start", OperatorClient.json(Map.of(
                "source", source.toString(), "csv", name + "-unlisted.csv",
                "jdbcUrl", "jdbc:postgresql://127.0.0.1:1/elsewhere")));
        assertEquals(400, unlisted.status(), unlisted.body());
        assertTrue(unlisted.json().getString("error").startsWith("jdbcUrl 'jdbc:postgresql://127.0.0.1:1/elsewhere' is "
                + "refused: this server writes tables only to the databases listed in AUDIOEXPORT_TABLE_URLS "
                + "(jdbc:postgresql://127.0.0.1:1/it-listed)"), unlisted.body());
        long listed = operator.start("audio-export", Map.of("source", source.toString(), "csv", name + "-listed.csv",
                "jdbcUrl", "jdbc:postgresql://127.0.0.1:1/it-listed"));
        JsonObject unreachable = operator.awaitEnd(listed, RUN_TIMEOUT);
        assertTrue(unreachable.getString("exitStatus").contains("127.0.0.1:1"), unreachable.toString());
    }

    /** A value of the server's environment (set by failsafe) that no job may make visible. */
    private static final String ENV_SECRET = System.getenv("AUDIOEXPORT_IT_SECRET");

    @Test
    void sourcesOutsideTheInputDirectoryAreRefusedWith400NamingTheVariable() throws Exception {
        Path inside = TestExports.write(input.resolve(name + ".ndjson"), 3);
        Path outside = TestExports.write(IT.resolve(name + "-outside.ndjson"), 3);
        Files.createSymbolicLink(input.resolve(name + "-environ.ndjson"), Path.of("/proc/self/environ"));
        Files.createSymbolicLink(input.resolve(name + "-out"), IT);

        for (String source : new String[] {"/proc/self/environ", outside.toString(), "../" + outside.getFileName(),
                name + "-environ.ndjson", name + "-out/" + outside.getFileName(), "file:" + outside,
                "file:///proc/self/environ"}) {
            OperatorClient.Reply refused = operator.post("api/jobs/audio-export/start",
                    OperatorClient.json(Map.of("source", source, "csv", name + ".csv")));
            assertEquals(400, refused.status(), source + " -> " + refused.body());
            String error = refused.json().getString("error");
            assertTrue(error.startsWith("Job parameter 'source' = '") && error.contains("' is refused: ")
                    && error.endsWith("Input files must be under the input directory " + input
                            + " (set by AUDIOEXPORT_INPUT_DIR); give a path relative to it."), error);
            assertFalse(refused.body().contains(ENV_SECRET), refused.body());
        }
        assertFalse(Files.exists(OUTPUT.resolve(name + ".csv")), "a refused start ran nothing");

        long relative = operator.start("audio-export", Map.of("source", inside.getFileName().toString(),
                "csv", name + ".csv"));
        JsonObject done = operator.awaitEnd(relative, RUN_TIMEOUT);
        assertEquals("COMPLETED", done.getString("batchStatus"), done.toString());
        assertEquals(inside.toString(), done.getJsonObject("jobParameters").getString("source"));
    }

    @Test
    void httpSourcesOnlyFromListedHostsAtEveryRedirectHop() throws Exception {
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        target.createContext("/export.ndjson", exchange -> {
            asked.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        target.start();
        // AUDIOEXPORT_SOURCE_HOSTS lists 127.0.0.1 (in the pom), not localhost: the same address by another name.
        String unlisted = "http://localhost:" + target.getAddress().getPort() + "/export.ndjson";
        HttpServer links = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        links.createContext("/download", exchange -> {
            exchange.getResponseHeaders().add("Location", unlisted);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        links.start();
        try {
            OperatorClient.Reply refused = operator.post("api/jobs/audio-export/start",
                    OperatorClient.json(Map.of("source", unlisted, "csv", name + ".csv")));
            assertEquals(400, refused.status(), refused.body());
            assertTrue(refused.json().getString("error").startsWith("Job parameter 'source': host localhost:"
                    + target.getAddress().getPort() + " is refused: this server reads http(s) sources only from the "
                    + "hosts listed in AUDIOEXPORT_SOURCE_HOSTS (127.0.0.1)."), refused.body());

            String link = "http://127.0.0.1:" + links.getAddress().getPort() + "/download";
            long id = operator.start("audio-export", Map.of("source", link, "csv", name + ".csv", "retryAttempts", "1"));
            JsonObject failed = operator.awaitEnd(id, RUN_TIMEOUT);
            assertEquals("FAILED", failed.getString("batchStatus"), failed.toString());
            assertTrue(failed.getString("exitStatus").contains("GET " + link + " was redirected to a URL that is "
                    + "refused. Job parameter 'source': host localhost:" + target.getAddress().getPort()
                    + " is refused"), failed.toString());
            assertEquals(0, asked.get(), "the host not listed was never asked");
        } finally {
            links.stop(0);
            target.stop(0);
        }
    }

    /**
     * WildFly's management operations start jobs without the operator API's checks: the job itself
     * refuses what the server does not allow, where it opens the source and the table. Then the
     * server's environment (a secret placed there by failsafe, and the accounts' passwords) is in
     * no output file, response, log line or job repository row.
     */
    @Test
    void managementStartAndRestartAreConfinedAndNoAttemptLeaksTheServersEnvironment() throws Exception {
        ManagementClient management = new ManagementClient(9990);
        Path inside = TestExports.write(input.resolve(name + ".ndjson"), 3);
        Files.createSymbolicLink(input.resolve(name + "-environ.ndjson"), Path.of("/proc/self/environ"));
        List<String> responses = new ArrayList<>();
        List<Attempt> attempts = List.of(
                new Attempt("AUDIOEXPORT_INPUT_DIR", Map.of("source", "/proc/self/environ", "csv", name + "-environ.csv")),
                new Attempt("AUDIOEXPORT_INPUT_DIR", Map.of("source", name + "-environ.ndjson", "csv", name + "-link.csv")),
                new Attempt("AUDIOEXPORT_INPUT_DIR", Map.of("source", "file:../home/repository.mv.db",
                        "csv", name + "-repo.csv")),
                new Attempt("AUDIOEXPORT_SOURCE_HOSTS", Map.of("source", "http://localhost:9990/management",
                        "csv", name + "-mgmt.csv")),
                new Attempt("AUDIOEXPORT_TABLE_URLS", Map.of("source", inside.toString(), "csv", name + "-table.csv",
                        "jdbcUrl", "jdbc:h2:file:" + IT.resolve(name + "-db") + ";INIT=RUNSCRIPT FROM '/proc/self/environ'")),
                new Attempt("AUDIOEXPORT_INPUT_DIR", Map.of("source", "labelbox:cl1", "csv", name + "-ids.csv",
                        "dataRowIds", "@/proc/self/environ")));
        for (Attempt attempt : attempts) {
            long id = startJob(management, attempt.parameters());
            assertEquals("FAILED", awaitManagedEnd(management, id), attempt.toString());
            JsonObject execution = operator.execution(id);
            responses.add(execution.toString());
            assertTrue(execution.getString("exitStatus").contains(attempt.variable()), execution.toString());
            responses.add(operator.get("api/jobexecutions/" + id + "/progress").body());

            JsonObject restarted = management.execute(Json.createObjectBuilder().add("operation", "restart-job")
                    .add("address", deploymentAddress()).add("execution-id", id).build());
            responses.add(restarted.toString());
            assertEquals("success", restarted.getString("outcome"), restarted.toString());
            long again = restarted.getJsonNumber("result").longValue();
            assertEquals("FAILED", awaitManagedEnd(management, again), attempt.toString());
            assertTrue(operator.execution(again).getString("exitStatus").contains(attempt.variable()), attempt.toString());
        }
        assertFalse(Files.exists(IT.resolve(name + "-db.mv.db")), "the unlisted database was never opened");

        // No oracle: a file outside that exists and one that does not fail alike, and nothing is sized.
        Path existing = TestExports.write(IT.resolve(name + "-exists.ndjson"), 3);
        Path missing = IT.resolve(name + "-missing.ndjson");
        List<String> said = new ArrayList<>();
        for (Path outside : List.of(existing, missing)) {
            long id = startJob(management, Map.of("source", outside.toString(), "csv", name + "-oracle.csv"));
            assertEquals("FAILED", awaitManagedEnd(management, id));
            said.add(operator.execution(id).getString("exitStatus").replace(outside.toString(), "FILE"));
            JsonObject progress = operator.progress(id);
            assertFalse(progress.containsKey("sourceBytes") || progress.containsKey("bytesRead"), progress.toString());
        }
        assertEquals(said.get(0), said.get(1));
        responses.add(operator.get("api/jobexecutions?count=500").body());

        List<String> secrets = List.of(ENV_SECRET, System.getenv("AUDIOEXPORT_OPERATOR_PASSWORD"),
                System.getenv("AUDIOEXPORT_MANAGEMENT_PASSWORD"), System.getenv("AUDIOEXPORT_VIEWER_PASSWORD"));
        for (String secret : secrets) {
            for (String response : responses) {
                assertFalse(response.contains(secret), response);
            }
            assertNotIn(secret, OUTPUT);
            assertNotIn(secret, IT.resolve("home"));  // the job repository (H2 files)
            assertNotIn(secret, Path.of(System.getProperty("jboss.home"), "standalone", "log"));
        }
    }

    /**
     * A sync started by management start-job, which the API's checks do not see: the job itself
     * refuses a project file outside the input directory, a database not listed and a missing or
     * outside rejects directory, before any project is read or any database opened.
     */
    @Test
    void managementStartOfASyncIsConfinedByTheJobItself() throws Exception {
        ManagementClient management = new ManagementClient(9990);
        String listed = "jdbc:postgresql://127.0.0.1:1/it-listed";
        List<Attempt> attempts = List.of(
                new Attempt("AUDIOEXPORT_INPUT_DIR", Map.of("projects", "@/proc/self/environ", "jdbcUrl", listed,
                        "rejectsDir", name)),
                new Attempt("AUDIOEXPORT_TABLE_URLS", Map.of("projects", "p1", "jdbcUrl",
                        "jdbc:postgresql://127.0.0.1:1/elsewhere", "rejectsDir", name)),
                new Attempt("AUDIOEXPORT_OUTPUT_DIR", Map.of("projects", "p1", "jdbcUrl", listed,
                        "rejectsDir", "/tmp/" + name)),
                new Attempt("rejectsDir' is required in a server", Map.of("projects", "p1", "jdbcUrl", listed)));
        for (Attempt attempt : attempts) {
            long id = startJob(management, SYNC, attempt.parameters());
            assertEquals("FAILED", awaitManagedEnd(management, SYNC, id), attempt.toString());
            String exit = operator.execution(id).getString("exitStatus");
            assertTrue(exit.contains(attempt.variable()), attempt + " -> " + exit);
            assertFalse(exit.contains(ENV_SECRET), exit);
        }
        assertFalse(Files.exists(Path.of("/tmp/" + name)), "nothing was written outside");
    }

    /**
     * JBeret resolves {@code #{...}} inside a parameter's value: the API refuses one with 400, and
     * a job started through management fails before any value resolved from it is used or shown.
     */
    @Test
    void anExpressionInAParameterNeverShowsAServerSystemProperty() throws Exception {
        Path inside = TestExports.write(input.resolve(name + ".ndjson"), 3);
        Map<String, String> parameters = Map.of("source", inside.toString(), "csv", name + ".csv",
                "chunkBytes", "#{systemProperties['audioexport.input.dir']}");
        OperatorClient.Reply refused = operator.post("api/jobs/audio-export/start", OperatorClient.json(parameters));
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.json().getString("error").startsWith("Job parameter 'chunkBytes' is refused: it holds '#{'"),
                refused.body());

        long id = startJob(new ManagementClient(9990), parameters);
        assertEquals("FAILED", awaitManagedEnd(new ManagementClient(9990), id));
        String exit = operator.execution(id).getString("exitStatus");
        assertTrue(exit.contains("Job parameter 'chunkBytes' is refused: it holds '#{'"), exit);
        assertFalse(exit.contains(input.toString()), exit);
        assertFalse(Files.exists(OUTPUT.resolve(name + ".csv")), "nothing ran");

        // WildFly's own ${...} expressions are not resolved in job parameters: nothing to refuse there.
        long dollar = startJob(new ManagementClient(9990), Map.of("source", inside.toString(), "csv", name + ".csv",
                "chunkBytes", "${env.AUDIOEXPORT_IT_SECRET}"));
        assertEquals("FAILED", awaitManagedEnd(new ManagementClient(9990), dollar));
        String said = operator.execution(dollar).getString("exitStatus");
        assertTrue(said.contains("chunkBytes must be a whole number"), said);
        assertFalse(said.contains(ENV_SECRET), said);
    }

    /** A start that the server must refuse, and the variable its refusal names. */
    private record Attempt(String variable, Map<String, String> parameters) {
    }

    /** No file under {@code dir} holds {@code secret}, as bytes. */
    private static void assertNotIn(String secret, Path dir) throws Exception {
        byte[] wanted = secret.getBytes(StandardCharsets.UTF_8);
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                for (int at = 0; at + wanted.length <= bytes.length; at++) {
                    if (java.util.Arrays.equals(bytes, at, at + wanted.length, wanted, 0, wanted.length)) {
                        throw new AssertionError("a secret of the server's environment is in " + file + " at byte " + at);
                    }
                }
            }
        }
    }

    /** The HTTP client's exceptions are not visible to the deployment: the reason must survive JBeret saving it. */
    @Test
    void anUnreachableHttpSourceFailsTheRunWithItsReason() throws Exception {
        long id = operator.start("audio-export", Map.of("source", "http://127.0.0.1:1/" + name + ".ndjson",
                "csv", name + ".csv", "retryAttempts", "1"));
        JsonObject failed = operator.awaitEnd(id, RUN_TIMEOUT);
        assertEquals("FAILED", failed.getString("batchStatus"), failed.toString());
        assertTrue(failed.getString("exitStatus").contains("127.0.0.1:1/" + name + ".ndjson"), failed.toString());
    }

    @Test
    void wildflyManagementOperationsStartAndReadExecutionsAndTheWriterAlsoConfinesOutput() throws Exception {
        ManagementClient management = new ManagementClient(9990);
        Path source = input.resolve(name + "-seed.ndjson");
        try (InputStream in = getClass().getResourceAsStream("/samples/seed-audio-export.ndjson")) {
            Files.copy(in, source);
        }
        long id = startJob(management, Map.of("source", source.toString(), "csv", name + "-mgmt.csv"));
        assertEquals("COMPLETED", awaitManagedEnd(management, id));
        try (InputStream golden = getClass().getResourceAsStream("/samples/seed-audio-export.expected.csv")) {
            assertArrayEquals(golden.readAllBytes(), Files.readAllBytes(OUTPUT.resolve(name + "-mgmt.csv")));
        }

        // The management API bypasses the REST checks: the writer refuses the path itself.
        long escaped = startJob(management, Map.of("source", source.toString(), "csv", "../" + name + "-escape.csv"));
        assertEquals("FAILED", awaitManagedEnd(management, escaped));
        JsonObject execution = operator.execution(escaped);
        assertTrue(execution.getString("exitStatus").contains("is refused: it points outside"), execution.toString());
        assertFalse(Files.exists(IT.resolve(name + "-escape.csv")));
    }

    private static final String SYNC = "audio-export-sync";

    private static long startJob(ManagementClient management, Map<String, String> properties) throws Exception {
        return startJob(management, "audio-export", properties);
    }

    private static long startJob(ManagementClient management, String job, Map<String, String> properties)
            throws Exception {
        var props = Json.createObjectBuilder();
        properties.forEach(props::add);
        JsonObject answer = management.execute(Json.createObjectBuilder()
                .add("operation", "start-job")
                .add("address", deploymentAddress())
                .add("job-xml-name", job)
                .add("properties", props)
                .build());
        assertEquals("success", answer.getString("outcome"), answer.toString());
        return answer.getJsonNumber("result").longValue();
    }

    private static String awaitManagedEnd(ManagementClient management, long id) throws Exception {
        return awaitManagedEnd(management, "audio-export", id);
    }

    private static String awaitManagedEnd(ManagementClient management, String job, long id) throws Exception {
        for (int i = 0; i < 1200; i++) {
            JsonObject answer = management.execute(Json.createObjectBuilder()
                    .add("operation", "read-attribute")
                    .add("address", Json.createArrayBuilder(deploymentAddress())
                            .add(Json.createObjectBuilder().add("job", job))
                            .add(Json.createObjectBuilder().add("execution", String.valueOf(id))))
                    .add("name", "batch-status")
                    .build());
            if ("success".equals(answer.getString("outcome"))
                    && OperatorClient.ENDED.contains(answer.getString("result"))) {
                return answer.getString("result");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("execution " + id + " did not end");
    }

    private static JsonArray deploymentAddress() {
        return Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("deployment", "audio-export.war"))
                .add(Json.createObjectBuilder().add("subsystem", "batch-jberet"))
                .build();
    }

    private static Map<String, Long> metrics(JsonObject step) {
        Map<String, Long> metrics = new HashMap<>();
        for (JsonValue metric : step.getJsonArray("metrics")) {
            JsonObject m = metric.asJsonObject();
            metrics.put(m.getString("type"), m.getJsonNumber("value").longValue());
        }
        return metrics;
    }

    static void assertOutputsEqual(Path expectedCsv, Path actualCsv) throws Exception {
        assertArrayEquals(Files.readAllBytes(expectedCsv), Files.readAllBytes(actualCsv), "CSV " + actualCsv);
        assertEquals(Files.readString(EmbeddedExport.rejectsOf(expectedCsv), StandardCharsets.UTF_8),
                Files.readString(EmbeddedExport.rejectsOf(actualCsv), StandardCharsets.UTF_8), "rejects of " + actualCsv);
    }
}
