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
import dev.audioexport.source.labelbox.StandInLabelbox.Request;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
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
 * Two real server nodes (two bootable-JAR processes, each with its own ports, working directory,
 * temporary files and server home) on one PostgreSQL job repository and one PostgreSQL target,
 * against the Labelbox stand-in (issue 12, several nodes). The other node is never simulated:
 *
 * <ol>
 * <li>node B boots while node A runs a sync whose exports the stand-in holds: B leaves it STARTED,
 * refuses its restart (409), and A completes it. That sync is the uninterrupted reference.</li>
 * <li>a sync killed (SIGKILL) on B after its first project completed, in the middle of its
 * second's export, is restarted by force on A.</li>
 * <li>the same sync killed on A is marked FAILED by B's boot and restarted on B.</li>
 * </ol>
 * After each restart the tables equal the reference's, and the stand-in's request log shows that
 * the project completed before the kill was neither exported nor read again, and that the other
 * went on with its export task from its checkpoint's byte. Three boots in all (A; B; B again
 * after its kill). Both nodes are configured with the same output directory, as nodes set up
 * alike are (a sync's rejects directory is saved as an absolute path under it).
 * Run under {@code flock /tmp/audio-export-it.lock} (fixed ports).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeSyncIT {

    private static final String KEY = "it-secret-key-two-nodes-5b2d";
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
    private static final int NODE_A_PORTS = 100;
    private static final int NODE_B_PORTS = 200;
    private static final Pattern SLICE_TASK = Pattern.compile("/slices/([^/]+)/");
    /**
     * pb's export: 60 lines of about 2.3 KB in slices of 16 KB. The reader takes its source 64 KB
     * at a time (the first 28 lines, slices 0-3); a GET of slice 6 held waiting keeps it in the
     * middle of pb, with those lines written.
     */
    private static final int PB_LINES = 60;
    private static final long SLICE_BYTES = 16 << 10;
    private static final long PB_HELD_SLICE = 6;

    static Path dir;
    static StandInLabelbox labelbox;
    static TestDatabase database;
    static UrlDataSource repository;
    static Map<String, String> env;
    static TableName reference;
    static BootableServer nodeA;
    static BootableServer nodeB;

    @BeforeAll
    static void aLabelboxATargetDatabaseAndASharedRepository() throws Exception {
        dir = Files.createDirectories(Path.of(System.getProperty("audioexport.it.dir"), "two-nodes-" + System.nanoTime()));
        database = TestDatabase.postgres();
        String repositorySchema = newSchema().schema();
        String repositoryUrl = database.url() + "&currentSchema=" + repositorySchema;
        repository = new UrlDataSource(repositoryUrl, null, null);
        labelbox = StandInLabelbox.forProjects(KEY).pollsInProgress(0).sliceBytes(SLICE_BYTES)
                .project("pa", export("pa", SeedLines.line("pa", "a1", SeedLines.OLD, "first"),
                        SeedLines.line("pa", "a2", SeedLines.OLD, "second"),
                        SeedLines.line("pa", "a3", SeedLines.OLD, "third")))
                .project("pb", export("pb", IntStream.rangeClosed(1, PB_LINES)
                        .mapToObj(n -> SeedLines.line("pb", pbRow(n), SeedLines.OLD, "answer " + n)).toArray(String[]::new)));
        env = new HashMap<>();
        env.put("LABELBOX_API_KEY", KEY);
        env.put("LABELBOX_ENDPOINT", labelbox.endpoint().toString());
        env.put("AUDIOEXPORT_TABLE_URLS", database.url());
        env.put("AUDIOEXPORT_DB_URL", repositoryUrl);
        env.put("AUDIOEXPORT_DB_DRIVER", "org.postgresql.Driver");
        env.put("AUDIOEXPORT_DB_USER", "postgres");
        // The same path on every node, as nodes configured alike have it: a sync saves its rejects
        // directory as an absolute path under it, and a node refuses to write outside its own.
        env.put("AUDIOEXPORT_OUTPUT_DIR", Files.createDirectories(dir.resolve("output")).toString());
    }

    @AfterAll
    static void stop() throws Exception {
        for (BootableServer node : new BootableServer[] {nodeA, nodeB}) {
            if (node != null && node.isAlive()) {
                node.terminate(Duration.ofMinutes(2));
            }
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
    void aNodeBootingWhileAnotherRunsASyncLeavesItRunningAndRefusesToRestartIt() throws Exception {
        nodeA = boot("a", NODE_A_PORTS);
        OperatorClient a = OperatorClient.operator(nodeA.base());
        reference = newSchema();
        labelbox.hold("pa").hold("pb");  // both exports stay IN_PROGRESS: the sync runs on A until released
        long sync = a.start("audio-export-sync", syncOf(reference, "2"));
        await(() -> tasksOf("pa", 0) == 1 && tasksOf("pb", 0) == 1, "A's sync did not create its export tasks");
        assertEquals(Boolean.TRUE, DatabaseRunLock.isExecutionHeld(repository, sync), "A holds its sync's lock");

        nodeB = boot("b", NODE_B_PORTS);
        OperatorClient b = OperatorClient.operator(nodeB.base());
        assertEquals("STARTED", b.execution(sync).getString("batchStatus"), "B's boot left A's running sync alone");
        assertTrue(nodeB.log().contains("Execution " + sync + " of audio-export-sync is STARTED on another node, "
                + "which is alive"), nodeB.log());
        OperatorClient.Reply restart = b.post("api/jobexecutions/" + sync + "/restart", "{}");
        assertEquals(409, restart.status(), restart.body());
        assertTrue(restart.json().getString("error").contains("the process running it is alive"), restart.body());
        assertEquals("STARTED", b.execution(sync).getString("batchStatus"), "B's refused restart did not fail it");
        assertEquals("STARTED", a.execution(sync).getString("batchStatus"));

        labelbox.release("pa").release("pb");
        assertEquals("COMPLETED", a.awaitEnd(sync, RUN_TIMEOUT).getString("batchStatus"));
        assertEquals("COMPLETED", b.execution(sync).getString("batchStatus"), "B reads A's end from the repository");
        assertEquals(1, tasksOf("pa", 0), "one export of pa: B started no second copy");
        assertEquals(1, tasksOf("pb", 0));
        List<String> expected = new ArrayList<>(List.of("pa/a1=first", "pa/a2=second", "pa/a3=third"));
        IntStream.rangeClosed(1, PB_LINES).forEach(n -> expected.add("pb/" + pbRow(n) + "=answer " + n));
        assertEquals(expected, answers(reference), "the reference sync wrote both projects");
        assertEquals(String.valueOf(sync), syncRow(reference, "pb").get("last_execution_id"));
    }

    @Test
    @Order(2)
    void aSyncKilledOnOneNodeAfterItsFirstProjectIsRestartedByForceOnTheOtherAndExportsOnlyTheRest() throws Exception {
        TableName table = newSchema();
        OperatorClient b = OperatorClient.operator(nodeB.base());
        OperatorClient a = OperatorClient.operator(nodeA.base());
        Killed killed = killedInItsSecondProject(nodeB, b, table);
        nodeB = null;

        // A booted before that sync started, so no boot judged it: it is still STARTED; its lock is free.
        assertEquals("STARTED", a.execution(killed.execution()).getString("batchStatus"));
        assertCompletedPartitionSaved(a, killed);
        labelbox.release("pb");
        long restarted = a.restart(killed.execution(), Map.of());  // forced: its node is dead
        assertFinishedAsTheReference(a, killed, restarted, table);
    }

    @Test
    @Order(3)
    void aSyncKilledOnOneNodeIsFailedByTheOthersBootAndRestartedThere() throws Exception {
        TableName table = newSchema();
        Killed killed = killedInItsSecondProject(nodeA, OperatorClient.operator(nodeA.base()), table);
        nodeA = null;

        nodeB = boot("b", NODE_B_PORTS);
        OperatorClient b = OperatorClient.operator(nodeB.base());
        JsonObject failed = b.execution(killed.execution());
        assertEquals("FAILED", failed.getString("batchStatus"), "B's boot judged A's sync dead: " + failed);
        assertTrue(failed.getString("exitStatus").contains("the server running it stopped without ending it"),
                failed.toString());
        assertCompletedPartitionSaved(b, killed);
        labelbox.release("pb");
        long restarted = b.restart(killed.execution(), Map.of());
        assertFinishedAsTheReference(b, killed, restarted, table);
        assertFalse(nodeB.log().contains(KEY), "the API key is in no log line");
    }

    // --- the kill and what follows ---------------------------------------------------------------

    /** A sync killed, and where the stand-in's request log stood when it was. */
    private record Killed(long execution, int tasksBefore, int requestsAtKill) {
    }

    /**
     * Starts a sync of pa then pb (one thread: pa's partition ends before pb's starts; a chunk per
     * line) on {@code node}; once pa's partition has COMPLETED and pb's has written lines and
     * waits for a slice of its export's middle, SIGKILLs the node and waits until PostgreSQL has
     * ended its sessions.
     */
    private static Killed killedInItsSecondProject(BootableServer node, OperatorClient api, TableName table)
            throws Exception {
        int tasksBefore = labelbox.createdInputs().size();
        labelbox.holdSlicesFrom("pb", PB_HELD_SLICE);
        long sync = api.start("audio-export-sync", syncOf(table, "1"));
        await(() -> tasksOf("pb", tasksBefore) == 1 && labelbox.waitingReads() > 0 && rowsOf(table, "pb") > 0,
                () -> "the sync did not get into pb's export: " + tasksOf("pb", tasksBefore) + " task(s) of pb, "
                        + labelbox.waitingReads() + " slice GET(s) waiting, " + rowsOf(table, "pb") + " rows of pb");
        assertEquals("COMPLETED", partition(api, sync, "pa").getString("batchStatus"),
                "pa's partition completed before pb's started (one thread)");
        assertEquals("STARTED", partition(api, sync, "pb").getString("batchStatus"));
        assertEquals(1, tasksOf("pa", tasksBefore));
        assertEquals(Boolean.TRUE, DatabaseRunLock.isExecutionHeld(repository, sync));

        int requestsAtKill = labelbox.log().size();
        long pid = node.pid();
        node.kill();  // SIGKILL
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the node is gone");
        await(() -> Boolean.FALSE.equals(DatabaseRunLock.isExecutionHeld(repository, sync)),
                "the killed node's lock session did not end");
        return new Killed(sync, tasksBefore, requestsAtKill);
    }

    /**
     * The repository, read by the surviving node, shows pa's partition COMPLETED: saved when it
     * ended, not only when the whole step would have (so a restart does not run it again).
     */
    private static void assertCompletedPartitionSaved(OperatorClient survivor, Killed killed) throws Exception {
        assertEquals("COMPLETED", partition(survivor, killed.execution(), "pa").getString("batchStatus"),
                "pa's partition as the killed node left it in the shared repository");
        assertEquals("STARTED", partition(survivor, killed.execution(), "pb").getString("batchStatus"));
    }

    /**
     * The restart completes; the tables hold what the uninterrupted reference sync wrote, row for
     * row; pa, completed before the kill, was neither exported again nor read again.
     */
    private static void assertFinishedAsTheReference(OperatorClient api, Killed killed, long restarted, TableName table)
            throws Exception {
        JsonObject done = api.awaitEnd(restarted, RUN_TIMEOUT);
        assertEquals("COMPLETED", done.getString("batchStatus"), done.toString());
        assertEquals(contents(reference), contents(table), "the tables of the killed and restarted sync");
        assertEquals(String.valueOf(killed.execution()), syncRow(table, "pa").get("last_execution_id"),
                "pa was recorded by the killed execution, before its node died");
        assertEquals(String.valueOf(restarted), syncRow(table, "pb").get("last_execution_id"));

        assertEquals(1, tasksOf("pa", killed.tasksBefore()), "pa was not exported again");
        assertEquals(List.of(), slicesAfter(killed, "pa"), "no slice of pa's export was read after the kill");
        assertEquals(1, tasksOf("pb", killed.tasksBefore()), "pb's restart continued the export task it had");
        List<String> pb = slicesAfter(killed, "pb");
        assertTrue(pb.stream().anyMatch(slice -> slice.matches(".* bytes=[1-9][0-9]*-")),
                "pb's export was read on from its checkpoint, within a slice: " + pb);
        assertTrue(pb.stream().noneMatch(slice -> slice.matches(".*/RESULT/0( bytes=0-)?")),
                "pb's export was not read from its first byte again: " + pb);
    }

    /** The slice GETs of {@code project}'s export tasks since the kill, as the stand-in logged them ("path range"). */
    private static List<String> slicesAfter(Killed killed, String project) {
        Set<String> tasks = tasksOfProject(project);
        List<Request> log = labelbox.log();
        return log.subList(killed.requestsAtKill(), log.size()).stream()
                .filter(request -> request.target() == StandInLabelbox.Target.SLICE).map(Request::detail)
                .filter(detail -> {
                    Matcher task = SLICE_TASK.matcher(detail);
                    return task.find() && tasks.contains(task.group(1));
                }).toList();
    }

    // --- helpers ------------------------------------------------------------------------------

    /** Boots a node in its own working directory (its server home, temporary files and log). */
    private static BootableServer boot(String name, int portOffset) throws Exception {
        Path work = Files.createDirectories(dir.resolve("node-" + name));
        return BootableServer.start(work, env, portOffset);
    }

    private static TableName newSchema() throws Exception {
        TableName table = database.newTable();
        database.execute("CREATE SCHEMA " + table.schema());
        return table;
    }

    private static Map<String, String> syncOf(TableName table, String threads) {
        return Map.of("projects", "pa,pb", "jdbcUrl", database.url(), "table", table.qualified(), "threads", threads,
                "pollSeconds", "0.2", "chunkSize", "1");
    }

    /** Rows of the long table from {@code project} (0 before the table exists). */
    private static long rowsOf(TableName table, String project) {
        try {
            return database.queryLong("SELECT count(*) FROM " + table.qualified() + " WHERE project_id = '" + project
                    + "'");
        } catch (java.sql.SQLException notYet) {
            return 0;
        }
    }

    /** pb's data rows b01..b60, so that they sort as they are numbered. */
    private static String pbRow(int n) {
        return String.format("b%02d", n);
    }

    private static Path export(String project, String... lines) throws Exception {
        return Files.write(dir.resolve(project + ".ndjson"), List.of(lines), StandardCharsets.UTF_8);
    }

    /** How many export tasks of {@code project} the stand-in created after its first {@code from}. */
    private static long tasksOf(String project, int from) {
        List<JsonObject> inputs = labelbox.createdInputs();
        return inputs.subList(from, inputs.size()).stream()
                .filter(input -> project.equals(input.getJsonObject("filters").getString("projectId"))).count();
    }

    /** The ids of every export task of {@code project}. */
    private static Set<String> tasksOfProject(String project) {
        return labelbox.taskIds().entrySet().stream().filter(task -> project.equals(task.getValue()))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    private static void await(BooleanSupplier condition, String failure) throws InterruptedException {
        await(condition, () -> failure);
    }

    private static void await(BooleanSupplier condition, Supplier<String> failure) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), failure);
            Thread.sleep(100);
        }
    }

    /** The partition of a sync's execution that synced {@code project}. */
    private static JsonObject partition(OperatorClient api, long execution, String project) throws Exception {
        JsonArray partitions = api.get("api/jobexecutions/" + execution + "/partitions").array();
        return partitions.stream().map(JsonValue::asJsonObject).filter(p -> project.equals(p.getString("project", "")))
                .findFirst().orElseThrow(() -> new AssertionError("no partition of " + project + ": " + partitions));
    }

    /**
     * Every table a sync wrote in {@code of}'s schema, by its name less the long table's, each as
     * its sorted rows: all columns but the long table's surrogate row_id, and of the watermark
     * table what does not depend on the execution or the clock (the project, mode and rows written).
     * The Flyway history (installation times) is left out.
     */
    private static Map<String, List<String>> contents(TableName of) throws Exception {
        Map<String, List<String>> columns = new TreeMap<>();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT table_name, column_name FROM information_schema.columns "
                        + "WHERE table_schema = ? ORDER BY table_name, ordinal_position")) {
            s.setString(1, of.schema());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    columns.computeIfAbsent(r.getString(1), t -> new ArrayList<>()).add(r.getString(2));
                }
            }
        }
        Map<String, List<String>> contents = new TreeMap<>();
        for (Map.Entry<String, List<String>> table : columns.entrySet()) {
            String suffix = table.getKey().substring(of.table().length());
            if (suffix.equals("_history")) {
                continue;
            }
            List<String> compared = suffix.equals("_sync") ? List.of("project_id", "last_mode", "rows_written")
                    : table.getValue().stream().filter(column -> !column.equals("row_id")).toList();
            contents.put(suffix, rows(of.schema() + "." + table.getKey(), compared));
        }
        assertTrue(contents.keySet().containsAll(List.of("", "_data_rows", "_labels", "_sync", "_sync_seen")),
                contents.keySet().toString());
        return contents;
    }

    private static List<String> rows(String table, List<String> columns) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table)) {
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(String.valueOf(r.getObject(i)));
                }
                rows.add(String.join("|", row));
            }
        }
        rows.sort(null);
        return rows;
    }

    /** Each text answer of the long table as project/data_row=answer, sorted. */
    private static List<String> answers(TableName of) throws Exception {
        return new ArrayList<>(new TreeSet<>(rows(of.qualified() + " WHERE answer_text IS NOT NULL",
                List.of("project_id || '/' || data_row_id || '=' || answer_text"))));
    }

    /** The project's row of {@code <table>_sync}, by column. */
    private static Map<String, String> syncRow(TableName of, String project) throws Exception {
        Map<String, String> row = new HashMap<>();
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT * FROM " + of.qualified() + "_sync WHERE project_id = ?")) {
            s.setString(1, project);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "no watermark of " + project);
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    row.put(r.getMetaData().getColumnName(i), r.getString(i));
                }
            }
        }
        assertNotNull(row.get("watermark"), "the project's watermark");
        return row;
    }
}
