package dev.audioexport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.bench.SeedLines;
import dev.audioexport.liveness.DatabaseRunLock;
import dev.audioexport.sink.TableName;
import dev.audioexport.sink.TestDatabase;
import dev.audioexport.sink.UrlDataSource;
import dev.audioexport.source.labelbox.StandInLabelbox;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The sync in the real bootable JAR (issue 12, server half), on a job repository in the test
 * PostgreSQL (shared, as several nodes would share it), against the Labelbox stand-in (in this
 * JVM) and tables in the same PostgreSQL: a sync started over the API completes with the right
 * tables and watermarks, bad parameters get 400, the schedule runs (and restarts) a sync, and a
 * boot after kill -9 leaves alone the execution whose lock another live session holds while it
 * fails the one whose lock is free; both then restart over the API and complete.
 * Run under {@code flock /tmp/audio-export-it.lock} (fixed ports).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerSyncIT {

    private static final String KEY = "it-secret-key-server-sync-7c1e";
    private static final String OLD = SeedLines.OLD;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    /** Rows of the long table per line of the template: the sample's expected CSV less its header. */
    private static final long ROWS = expectedRowsPerLine();

    static Path dir;
    static Path input;
    static Path output;
    static StandInLabelbox labelbox;
    static TestDatabase database;
    static TableName table;
    static TableName scheduled;
    static UrlDataSource repository;
    static Map<String, String> env;
    static BootableServer server;
    static final Map<String, String> a = new LinkedHashMap<>();

    @BeforeAll
    static void aLabelboxATargetDatabaseAndASharedRepository() throws Exception {
        dir = Files.createDirectories(Path.of(System.getProperty("audioexport.it.dir"), "sync-" + System.nanoTime()));
        input = Files.createDirectories(dir.resolve(".audio-export-server").resolve("input"));
        output = dir.resolve(".audio-export-server").resolve("output");
        database = TestDatabase.postgres();
        table = database.newTable();
        database.execute("CREATE SCHEMA " + table.schema());
        scheduled = database.newTable();
        database.execute("CREATE SCHEMA " + scheduled.schema());
        String repositorySchema = database.newTable().schema();
        database.execute("CREATE SCHEMA " + repositorySchema);
        String repositoryUrl = database.url() + "&currentSchema=" + repositorySchema;
        repository = new UrlDataSource(repositoryUrl, null, null);

        a.put("a1", SeedLines.line("pa", "a1", OLD, "first"));
        a.put("a2", SeedLines.line("pa", "a2", OLD, "second"));
        a.put("a3", SeedLines.line("pa", "a3", OLD, "third"));
        labelbox = StandInLabelbox.forProjects(KEY).pollsInProgress(0)
                .project("pa", export("pa", a))
                .project("pb", export("pb", Map.of("b1", SeedLines.line("pb", "b1", OLD, "one"),
                        "b2", SeedLines.line("pb", "b2", OLD, "two"))))
                .project("pc", export("pc", Map.of("c1", SeedLines.line("pc", "c1", OLD, "uno"))));

        env = new HashMap<>();
        env.put("LABELBOX_API_KEY", KEY);
        env.put("LABELBOX_ENDPOINT", labelbox.endpoint().toString());
        env.put("AUDIOEXPORT_TABLE_URLS", database.url());
        env.put("AUDIOEXPORT_DB_URL", repositoryUrl);
        env.put("AUDIOEXPORT_DB_DRIVER", "org.postgresql.Driver");
        env.put("AUDIOEXPORT_DB_USER", "postgres");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.terminate(Duration.ofMinutes(2));
        }
        if (labelbox != null) {
            labelbox.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Order(1)
    void aSyncStartedOverTheApiWritesTheTablesAndWatermarksAndTheScheduleRunsOne() throws Exception {
        Map<String, String> withSchedule = new HashMap<>(env);
        withSchedule.put("AUDIOEXPORT_SCHEDULE", "0/5 * * * * *");
        withSchedule.put("AUDIOEXPORT_SCHEDULE_JOB", "sync");
        withSchedule.put("AUDIOEXPORT_SCHEDULE_PROJECTS", "pc,nosuchproject");
        withSchedule.put("AUDIOEXPORT_SCHEDULE_JDBC_URL", database.url());
        withSchedule.put("AUDIOEXPORT_SCHEDULE_TABLE", scheduled.qualified());
        boot(withSchedule);
        OperatorClient api = OperatorClient.operator(server.base());

        // Refused before anything starts, naming the parameter (the command line's exit 2).
        Files.writeString(input.resolve("many.txt"), IntStream.range(0, 501).mapToObj(i -> "p" + i)
                .collect(Collectors.joining("\n")));
        Map<String, String> refusals = Map.of(
                "{\"projects\": \"pa,pb,pa\"}", "projects: project pa is listed twice; list each once.",
                "{\"projects\": \" , \"}", "projects: the list , holds no project.",
                "{\"projects\": \"@many.txt\"}", "projects: 501 projects, at most 500 per sync; split them over several "
                        + "syncs.",
                "{\"projects\": \"pa\", \"overlap\": \"5\"}", "Job parameter 'overlap' is refused: the sync job has no "
                        + "such parameter",
                "{\"projects\": \"pa\", \"full\": \"yes\"}", "Job parameter 'full' is refused: 'yes' is neither true");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            String body = refusal.getKey().replace("}", ", \"jdbcUrl\": \"" + database.url() + "\"}");
            OperatorClient.Reply refused = api.post("api/jobs/audio-export-sync/start", body);
            assertEquals(400, refused.status(), body + " -> " + refused.body());
            assertTrue(refused.json().getString("error").startsWith(refusal.getValue()), refused.body());
        }

        long first = api.start("audio-export-sync", Map.of("projects", "pa,pb", "jdbcUrl", database.url(),
                "table", table.qualified()));
        JsonObject done = api.awaitEnd(first, RUN_TIMEOUT);
        assertEquals("COMPLETED", done.getString("batchStatus"), done.toString());
        assertEquals(output.resolve(table.qualified() + ".sync").toString(),
                done.getJsonObject("jobParameters").getString("rejectsDir"), "the default, under the output directory");
        assertEquals(List.of("pa/a1=first", "pa/a2=second", "pa/a3=third", "pb/b1=one", "pb/b2=two"), answers(table));
        Map<String, String> watermark = syncRow(table, "pa");
        assertEquals("full", watermark.get("last_mode"));
        assertEquals(String.valueOf(3 * ROWS), watermark.get("rows_written"));
        assertEquals(String.valueOf(first), watermark.get("last_execution_id"));
        assertNotNull(watermark.get("watermark"));
        assertEquals(null, watermark.get("previous_watermark"));
        assertEquals(String.valueOf(2 * ROWS), syncRow(table, "pb").get("rows_written"));
        JsonObject pa = partition(api, first, "pa");
        assertEquals("full", pa.getString("mode"), pa.toString());
        assertEquals(3 * ROWS, pa.getJsonNumber("projectRowsWritten").longValue());
        assertEquals(JsonValue.NULL, pa.get("watermarkBefore"));
        assertEquals(watermark.get("watermark"), pa.getString("watermark"));

        // Labelbox changes a2: the next sync is incremental from the watermark, and says so.
        a.put("a2", SeedLines.line("pa", "a2", OffsetDateTime.now(ZoneOffset.UTC).toString(), "second, revised"));
        export("pa", a);
        long second = api.start("audio-export-sync", Map.of("projects", "pa,pb", "jdbcUrl", database.url(),
                "table", table.qualified()));
        assertEquals("COMPLETED", api.awaitEnd(second, RUN_TIMEOUT).getString("batchStatus"));
        assertEquals(List.of("pa/a1=first", "pa/a2=second, revised", "pa/a3=third", "pb/b1=one", "pb/b2=two"),
                answers(table));
        Map<String, String> after = syncRow(table, "pa");
        assertEquals("incremental", after.get("last_mode"));
        assertEquals(String.valueOf(ROWS), after.get("rows_written"));
        assertEquals(watermark.get("watermark"), after.get("previous_watermark"));
        JsonObject paAgain = partition(api, second, "pa");
        assertEquals("incremental", paAgain.getString("mode"));
        assertEquals(watermark.get("watermark"), paAgain.getString("watermarkBefore"));

        // A project Labelbox does not know fails its partition, naming it; the other completes.
        long unknown = api.start("audio-export-sync", Map.of("projects", "nosuchproject,pb", "jdbcUrl", database.url(),
                "table", table.qualified()));
        JsonObject failed = api.awaitEnd(unknown, RUN_TIMEOUT);
        assertEquals("FAILED", failed.getString("batchStatus"));
        assertTrue(failed.getString("exitStatus").contains("Project nosuchproject: Labelbox exportDataRowsInProject "
                + "failed"), failed.toString());
        assertEquals(String.valueOf(unknown), syncRow(table, "pb").get("last_execution_id"));

        // The schedule: a sync of pc,nosuchproject fails on nosuchproject; the next firing restarts
        // it once; the one after starts a new sync. pc is synced into the scheduled table.
        Pattern restarted = Pattern.compile("Scheduled sync restarted execution (\\d+) \\(FAILED\\) as execution (\\d+)");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            String log = server.log();
            Matcher match = restarted.matcher(log);
            if (match.find() && log.indexOf("Scheduled sync started", match.end()) > 0) {
                long failedSync = Long.parseLong(match.group(1));
                assertTrue(log.indexOf("Scheduled sync started as execution " + failedSync) >= 0, log);
                break;
            }
            assertTrue(Instant.now().isBefore(deadline), "the schedule did not start, restart and start a sync:\n"
                    + log);
            Thread.sleep(500);
        }
        assertEquals(List.of("pc/c1=uno"), answers(scheduled));
        assertNotNull(syncRow(scheduled, "pc").get("watermark"));
        server.terminate(Duration.ofMinutes(2));
    }

    @Test
    @Order(2)
    void aBootLeavesAloneTheSyncWhoseLockALiveSessionHoldsAndFailsTheOtherAndBothRestartOverTheApi() throws Exception {
        boot(env);
        OperatorClient api = OperatorClient.operator(server.base());
        labelbox.pollsInProgress(1_000_000);  // the syncs wait on their export tasks until the kill
        int tasksBefore = labelbox.createdInputs().size();
        long alive = api.start("audio-export-sync", Map.of("projects", "pa", "jdbcUrl", database.url(),
                "table", table.qualified(), "pollSeconds", "0.2"));
        long dead = api.start("audio-export-sync", Map.of("projects", "pb", "jdbcUrl", database.url(),
                "table", table.qualified(), "pollSeconds", "0.2"));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (labelbox.createdInputs().size() < tasksBefore + 2) {
            assertTrue(Instant.now().isBefore(deadline), "the syncs did not create their export tasks");
            Thread.sleep(100);
        }
        assertEquals(Boolean.TRUE, DatabaseRunLock.isExecutionHeld(repository, alive),
                "a running execution holds its lock in the shared repository");
        assertEquals(Boolean.TRUE, DatabaseRunLock.isExecutionHeld(repository, dead));
        server.kill();

        // Another node, alive, runs 'alive': it holds its lock. 'dead' has no one.
        Connection otherNode = DatabaseRunLock.holdExecution(repository, alive);
        labelbox.pollsInProgress(0);
        try {
            boot(env);
            assertEquals("STARTED", api.execution(alive).getString("batchStatus"), "a live node's sync is left alone");
            assertTrue(server.log().contains("Execution " + alive + " of audio-export-sync is STARTED on another node, "
                    + "which is alive"), server.log());
            // No sync has run on this node since its boot, so JBeret's default restart takes 'alive' for
            // one a crash left STARTED; the node running it is alive: the restart is refused.
            OperatorClient.Reply whileAlive = api.post("api/jobexecutions/" + alive + "/restart", "{}");
            assertEquals(409, whileAlive.status(), whileAlive.body());
            assertTrue(whileAlive.json().getString("error").contains("alive"), whileAlive.body());
            assertEquals("STARTED", api.execution(alive).getString("batchStatus"), "a live node's sync is not failed");
            JsonObject stale = api.execution(dead);
            assertEquals("FAILED", stale.getString("batchStatus"), stale.toString());
            assertTrue(stale.getString("exitStatus").contains("the server running it stopped without ending it"),
                    stale.toString());
            OperatorClient.Reply refused = api.post("api/jobexecutions/" + dead + "/restart",
                    "{\"projects\": \"pa\"}");
            assertEquals(400, refused.status(), refused.body());
            assertTrue(refused.json().getString("error").startsWith("Job parameter 'projects' cannot change on a "
                    + "restart"), refused.body());
            long restartedDead = api.restart(dead, Map.of());
            assertEquals("COMPLETED", api.awaitEnd(restartedDead, RUN_TIMEOUT).getString("batchStatus"));
            assertEquals(String.valueOf(restartedDead), syncRow(table, "pb").get("last_execution_id"));
        } finally {
            otherNode.close();  // that node dies too
            StaleExecutionsTest.awaitFree(repository, alive);
        }
        // Its lock is free now: a restart from this node is forced (JBeret marks it FAILED first).
        long restartedAlive = api.restart(alive, Map.of());
        assertEquals("COMPLETED", api.awaitEnd(restartedAlive, RUN_TIMEOUT).getString("batchStatus"));
        assertEquals(String.valueOf(restartedAlive), syncRow(table, "pa").get("last_execution_id"));
        assertFalse(server.log().contains(KEY), "the API key is in no log line");
        server.terminate(Duration.ofMinutes(2));
    }

    // --- helpers ------------------------------------------------------------------------------

    /** Starts the JAR, after stopping one a failed test left running (it would answer in its place). */
    private static void boot(Map<String, String> environment) throws Exception {
        if (server != null && server.isAlive()) {
            server.terminate(Duration.ofMinutes(2));
        }
        server = BootableServer.start(dir, environment);
    }

    private static Path export(String project, Map<String, String> lines) throws Exception {
        return Files.write(dir.resolve(project + ".ndjson"), new ArrayList<>(lines.values()), StandardCharsets.UTF_8);
    }

    /** The partition of a sync's execution that synced {@code project}. */
    private static JsonObject partition(OperatorClient api, long execution, String project) throws Exception {
        JsonArray partitions = api.get("api/jobexecutions/" + execution + "/partitions").array();
        return partitions.stream().map(JsonValue::asJsonObject).filter(p -> project.equals(p.getString("project", "")))
                .findFirst().orElseThrow(() -> new AssertionError("no partition of " + project + ": " + partitions));
    }

    /** Each text answer of the long table as project/data_row=answer, sorted. */
    private static List<String> answers(TableName of) throws Exception {
        List<String> answers = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT project_id, data_row_id, answer_text FROM " + of.qualified()
                        + " WHERE answer_text IS NOT NULL")) {
            while (r.next()) {
                answers.add(r.getString(1) + "/" + r.getString(2) + "=" + r.getString(3));
            }
        }
        return new ArrayList<>(new TreeSet<>(answers));
    }

    /** The project's row of {@code <table>_sync}, by column. */
    private static Map<String, String> syncRow(TableName of, String project) throws Exception {
        Map<String, String> row = new HashMap<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT * FROM " + of.qualified() + "_sync WHERE project_id = '" + project
                        + "'")) {
            assertTrue(r.next(), "no watermark of " + project);
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                row.put(r.getMetaData().getColumnName(i), r.getString(i));
            }
        }
        return row;
    }

    private static long expectedRowsPerLine() {
        try (var lines = Files.lines(Path.of("src/test/resources/samples/seed-audio-export.expected.csv"))) {
            return lines.count() - 1;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
