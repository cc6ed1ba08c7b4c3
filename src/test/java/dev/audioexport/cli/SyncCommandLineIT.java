package dev.audioexport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.bench.SeedLines;
import dev.audioexport.sink.TableName;
import dev.audioexport.sink.TestDatabase;
import dev.audioexport.source.labelbox.StandInLabelbox;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync} on the packaged command line (child JVMs) against the Labelbox stand-in (in this
 * JVM, several projects whose exports the test changes between syncs) and the test PostgreSQL.
 * No fixed ports: runs without the integration-test lock.
 */
class SyncCommandLineIT {

    private static final String KEY = "it-secret-key-sync-51a7";
    private static final String OLD = SeedLines.OLD;
    /** Rows of the long table per line of the template: the sample's expected CSV less its header. */
    private static final long ROWS = expectedRowsPerLine();

    @TempDir
    Path dir;

    StandInLabelbox labelbox;
    TestDatabase database;
    TableName table;

    @BeforeEach
    void start() throws Exception {
        database = TestDatabase.postgres();
        table = database.newTable();
        database.execute("CREATE SCHEMA " + table.schema());
        labelbox = StandInLabelbox.forProjects(KEY).pollsInProgress(0);
    }

    @AfterEach
    void stop() throws Exception {
        if (labelbox != null) {
            labelbox.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aFullSyncThenAnIncrementalOneAsksSinceTheWatermarkAndFullRemovesWhatWasDeleted() throws Exception {
        Map<String, String> a = new LinkedHashMap<>(Map.of("a1", line("pa", "a1", OLD, "first"),
                "a2", line("pa", "a2", OLD, "second"), "a3", line("pa", "a3", OLD, "third")));
        Map<String, String> b = new LinkedHashMap<>(Map.of("b1", line("pb", "b1", OLD, "one"),
                "b2", line("pb", "b2", OLD, "two")));
        labelbox.project("pa", export("pa", a)).project("pb", export("pb", b));

        CliProcess.Result first = sync("--projects", "pa,pb");
        assertEquals(0, first.exitCode(), first + log());
        assertEquals(texts("pa/a1=first", "pa/a2=second", "pa/a3=third", "pb/b1=one", "pb/b2=two"), answers());
        assertTrue(first.stdout().contains("project pa: full, " + 3 * ROWS + " rows written, watermark none -> "), first.toString());
        assertTrue(first.stdout().contains("project pb: full, " + 2 * ROWS + " rows written"), first.toString());
        String watermarkA = watermark("pa");
        assertNotNull(watermarkA);
        assertNull(lastActivityFilter(labelbox.createdInputs().get(0)), "a first sync is a full export");

        // Labelbox changes: a2 gets a new answer, a3 is deleted, a4 is added (both active now).
        String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
        a.put("a2", line("pa", "a2", now, "second, revised"));
        a.remove("a3");
        a.put("a4", line("pa", "a4", now, "fourth"));
        labelbox.project("pa", export("pa", a));  // changed data rows, as Labelbox would index them
        CliProcess.Result second = sync("--projects", "pa,pb");
        assertEquals(0, second.exitCode(), second + log());
        List<JsonObject> inputs = labelbox.createdInputs();
        assertEquals(4, inputs.size());
        String expectedFrom = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxx").format(
                OffsetDateTime.parse(watermarkA).minusMinutes(10).truncatedTo(ChronoUnit.SECONDS)
                        .withOffsetSameInstant(ZoneOffset.UTC));
        assertEquals(expectedFrom, lastActivityFilter(inputFor(inputs.subList(2, 4), "pa")));
        // The union: the deleted a3 stays (an incremental export cannot see it), a2 is replaced.
        assertEquals(texts("pa/a1=first", "pa/a2=second, revised", "pa/a3=third", "pa/a4=fourth", "pb/b1=one",
                "pb/b2=two"), answers());
        assertTrue(second.stdout().contains("project pa: incremental, " + 2 * ROWS + " rows written, watermark " + watermarkA + " -> "),
                second.toString());
        assertTrue(second.stdout().contains("project pb: incremental, 0 rows written"), second.toString());
        assertTrue(watermark("pa").compareTo(watermarkA) > 0);

        CliProcess.Result full = sync("--projects", "pa", "--full");
        assertEquals(0, full.exitCode(), full + log());
        assertNull(lastActivityFilter(labelbox.createdInputs().get(4)));
        assertEquals(texts("pa/a1=first", "pa/a2=second, revised", "pa/a4=fourth", "pb/b1=one", "pb/b2=two"),
                answers());
        assertEquals(0, database.queryLong("SELECT count(*) FROM " + table.schema() + ".audio_annotations_labels "
                + "WHERE data_row_id = 'a3'"), "the sweep covers the companion tables bound to the project");
        assertEquals(0, database.queryLong("SELECT count(*) FROM " + table.schema() + ".audio_annotations_sync_seen"));
        assertTrue(full.stdout().contains("project pa: full, " + 3 * ROWS + " rows written"), full.toString());

        // A project Labelbox does not know fails its own partition, naming it; the other completes.
        CliProcess.Result unknown = sync("--projects", "nosuchproject,pb");
        assertEquals(1, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.stdout().contains("project nosuchproject: not synced"), unknown.toString());
        assertTrue(unknown.stdout().contains("project pb: incremental"), unknown.toString());
        assertTrue(unknown.stderr().contains("audio-export: execution 4 FAILED: Project nosuchproject: Labelbox "
                + "exportDataRowsInProject failed: Resource not found"), unknown.toString());
    }

    @Test
    void badProjectListsExitTwoBeforeAnythingStarts() throws Exception {
        assertBadUsage("holds no project", "--projects", ",");
        assertBadUsage("project pa is listed twice", "--projects", "pa,pb,pa");
        String many = IntStream.range(0, 501).mapToObj(i -> "p" + i).collect(Collectors.joining("\n"));
        Path file = Files.writeString(dir.resolve("projects.txt"), many);
        assertBadUsage("501 projects, at most 500", "--projects", "@" + file);
        assertBadUsage("'bad id!' is not a Labelbox project id", "--projects", "pa,bad id!");
        assertTrue(labelbox.log().isEmpty(), "no request before the checks");
    }

    @Test
    void twoSyncsOfOneProjectAtOnceTheSecondIsRefusedNamingIt() throws Exception {
        labelbox.project("pa", export("pa", Map.of("a1", line("pa", "a1", OLD, "first"))));
        // the first sync holds the project while Labelbox exports (10 s): the second one asks for the
        // project again for 3 s before it is refused (a killed sync's session may linger that long)
        labelbox.pollsInProgress(100);
        CliProcess holder = CliProcess.start(dir, env("state"), syncArguments("--projects", "pa", "--poll-seconds", "0.1"));
        long deadline = System.currentTimeMillis() + 60_000;
        while (labelbox.createdInputs().isEmpty() && System.currentTimeMillis() < deadline && holder.isAlive()) {
            Thread.sleep(20);
        }
        CliProcess.Result refused = CliProcess.run(dir, env("state-2"), syncArguments("--projects", "pa"));
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.stdout().contains("project pa: not synced by this run"), refused.toString());
        assertTrue(refused.stderr().contains("FAILED: Project pa is being synced into " + table
                + " by another process right now"), refused.toString());
        CliProcess.Result held = holder.await(120);
        assertEquals(0, held.exitCode(), held.toString());
        assertEquals(1, labelbox.createdInputs().size(), "the refused sync created no export task");
        assertEquals(texts("pa/a1=first"), answers());
    }

    @Test
    void aSyncKilledMidwayIsRestartedFromAnotherStateDirectoryOnTheSharedRepository() throws Exception {
        labelbox.sliceBytes(64 * 1024);
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            a.put("a" + i, line("pa", "a" + i, OLD, "answer a" + i));
        }
        Map<String, String> b = new LinkedHashMap<>();
        for (int i = 0; i < 6000; i++) {
            b.put("b" + i, line("pb", "b" + i, OLD, "answer b" + i));
        }
        labelbox.project("pa", export("pa", a)).project("pb", export("pb", b));
        String repositorySchema = table.schema() + "_jobs";
        database.execute("CREATE SCHEMA " + repositorySchema);
        String repository = database.url() + "&currentSchema=" + repositorySchema;
        try {
            CliProcess victim = CliProcess.start(dir, env("node-a"), syncArguments("--projects", "pa,pb", "--threads",
                    "1", "--chunk-size", "20", "--repository", repository));
            long deadline = System.currentTimeMillis() + 120_000;
            // Past its first chunks, so that pb has checkpoints (they trail the table by a chunk).
            while (rowsOf("pb") < 1500 && victim.isAlive() && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            victim.kill();
            long rowsAtKill = rowsOf("pb");
            assertTrue(rowsAtKill > 0 && rowsAtKill < b.size(), "killed midway through pb: " + rowsAtKill);
            assertNotNull(watermark("pa"), "pa had completed");
            assertEquals(2, labelbox.createdInputs().size());

            // Another machine: another state directory, and none of the first one's local files.
            Path rejects = dir.resolve(table.qualified() + ".sync");
            try (var files = Files.list(rejects)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(rejects);
            CliProcess.Result restarted = CliProcess.run(dir, env("node-b"), "restart", "--last", "--repository",
                    repository);
            assertEquals(0, restarted.exitCode(), restarted.toString());
            assertEquals(2, labelbox.createdInputs().size(), "pa is not exported again, pb resumes its task");
            assertTrue(Files.readString(logOf("node-b")).contains("Resuming Labelbox export task task-2 at byte"),
                    "pb resumes from its checkpoint's byte");
            assertTrue(restarted.stdout().contains("project pb: full, " + String.format(java.util.Locale.ROOT, "%,d", 6000 * ROWS) + " rows written"), restarted.toString());
            assertTrue(restarted.stdout().contains("project pa: full, " + 5 * ROWS + " rows written"), restarted.toString());
            List<String> afterRestart = answers();

            // The same sync, uninterrupted, into another table.
            TableName reference = new TableName(table.schema(), "reference");
            CliProcess.Result whole = sync("--projects", "pa,pb", "--table", reference.qualified());
            assertEquals(0, whole.exitCode(), whole.toString());
            assertEquals(database.rows(reference), database.rows(new TableName(table.schema(), TableName.DEFAULT)));
            assertEquals(a.size() + b.size(), afterRestart.size());
        } finally {
            database.execute("DROP SCHEMA IF EXISTS " + repositorySchema + " CASCADE");
        }
    }

    // --- helpers ------------------------------------------------------------------------------

    private static String line(String project, String dataRow, String lastActivity, String answer) {
        return SeedLines.line(project, dataRow, lastActivity, answer);
    }

    private Path export(String project, Map<String, String> lines) throws Exception {
        return Files.write(dir.resolve(project + ".ndjson"), new ArrayList<>(lines.values()), StandardCharsets.UTF_8);
    }

    private CliProcess.Result sync(String... arguments) throws Exception {
        return CliProcess.run(dir, env("state"), syncArguments(arguments));
    }

    private String[] syncArguments(String... arguments) {
        List<String> all = new ArrayList<>(List.of("sync", "--jdbc", database.url()));
        if (!List.of(arguments).contains("--table")) {
            all.addAll(List.of("--table", table.qualified()));
        }
        all.addAll(List.of(arguments));
        return all.toArray(String[]::new);
    }

    private Map<String, String> env(String state) {
        Map<String, String> env = new HashMap<>();
        env.put("AUDIOEXPORT_HOME", dir.resolve(state).toString());
        env.put("LABELBOX_API_KEY", KEY);
        env.put("LABELBOX_ENDPOINT", labelbox.endpoint().toString());
        return env;
    }

    private void assertBadUsage(String message, String... arguments) throws Exception {
        CliProcess.Result result = sync(arguments);
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains(message), result.toString());
    }

    /** Each text answer of the long table as project/data_row=answer, sorted. */
    private List<String> answers() throws Exception {
        List<String> answers = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT project_id, data_row_id, answer_text FROM " + table.qualified()
                        + " WHERE answer_text IS NOT NULL")) {
            while (r.next()) {
                answers.add(r.getString(1) + "/" + r.getString(2) + "=" + r.getString(3));
            }
        }
        return new ArrayList<>(new TreeSet<>(answers));
    }

    private static List<String> texts(String... answers) {
        return new ArrayList<>(new TreeSet<>(List.of(answers)));
    }

    private String watermark(String project) throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT watermark FROM " + table.qualified() + "_sync WHERE project_id = '"
                        + project + "'")) {
            return r.next() ? r.getString(1) : null;
        }
    }

    private long rowsOf(String project) throws Exception {
        try {
            return database.queryLong("SELECT count(DISTINCT data_row_id) FROM " + table.qualified()
                    + " WHERE project_id = '" + project + "'");
        } catch (java.sql.SQLException e) {
            return 0;  // not created yet
        }
    }

    private static JsonObject inputFor(List<JsonObject> inputs, String project) {
        return inputs.stream().filter(input -> input.getJsonObject("filters").getString("projectId").equals(project))
                .findFirst().orElseThrow();
    }

    /** The GREATER_THAN_OR_EQUAL value of the export's data_row_last_activity_at filter, or null. */
    private static String lastActivityFilter(JsonObject input) {
        for (JsonValue item : input.getJsonObject("filters").getJsonObject("searchQuery").getJsonArray("query")) {
            JsonObject filter = item.asJsonObject();
            if (filter.getString("type").equals("data_row_last_activity_at")) {
                assertEquals("GREATER_THAN_OR_EQUAL", filter.getJsonObject("value").getString("operator"));
                return filter.getJsonObject("value").getString("value");
            }
        }
        return null;
    }

    private String log() throws Exception {
        return Files.readString(logOf("state"));
    }

    private Path logOf(String state) throws Exception {
        try (var files = Files.list(dir.resolve(state))) {
            return files.filter(file -> file.getFileName().toString().endsWith(".log")).findFirst().orElseThrow();
        }
    }

    private static long expectedRowsPerLine() {
        try (var lines = Files.lines(Path.of("src/test/resources/samples/seed-audio-export.expected.csv"))) {
            return lines.count() - 1;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
