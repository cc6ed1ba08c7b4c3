package dev.audioexport.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.batch.TestExports;
import dev.audioexport.operations.RepositoryConfig;
import dev.audioexport.source.labelbox.StandInLabelbox;
import dev.audioexport.source.labelbox.StandInLabelbox.Request;
import dev.audioexport.source.labelbox.StandInLabelbox.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command line reading {@code labelbox:} from the stand-in server, which runs in
 * this JVM while the command line runs in child JVMs pointed at it by LABELBOX_ENDPOINT.
 */
class LabelboxCommandLineIT {

    private static final String KEY = "it-secret-key-7c2e91d4";
    private static final String PROJECT = "clproject0001";
    private static final long SLICE = 1 << 20;

    @TempDir
    Path dir;

    StandInLabelbox labelbox;

    @AfterEach
    void stop() {
        if (labelbox != null) {
            labelbox.close();
        }
    }

    @Test
    void aRunKilledMidStreamIsResumedByRestartLastFromItsOffsetOfTheSameTask() throws Exception {
        Path export = TestExports.write(dir.resolve("export.ndjson"), 25_000, 100, 20_000);
        labelbox = StandInLabelbox.serving(export, KEY).sliceBytes(SLICE).pollsInProgress(1);
        CliProcess.Result reference = CliProcess.run(dir, env(), "run", "--source", export.toString(), "--csv",
                "reference.csv", "--chunk-size", "200");
        assertEquals(0, reference.exitCode(), reference.toString());
        long fullSize = Files.size(dir.resolve("reference.csv"));

        Path csv = dir.resolve("labelbox.csv");
        CliProcess victim = CliProcess.start(dir, env(), "run", "--source", "labelbox:" + PROJECT, "--csv",
                csv.toString(), "--chunk-size", "200", "--poll-seconds", "0.1");
        waitUntilLargerThan(csv, fullSize / 3, victim);
        victim.kill();
        CliProcess.Result killed = victim.await(10);
        int logged = labelbox.log().size();
        Map<String, String> noKey = new HashMap<>(env());
        noKey.put("LABELBOX_API_KEY", "");
        assertBadUsage(noKey, "LABELBOX_API_KEY is not set", "restart", "--last");

        CliProcess.Result restarted = CliProcess.run(dir, env(), "restart", "--last");

        assertEquals(0, restarted.exitCode(), restarted.toString());
        assertTrue(restarted.stderr().contains("Restarting execution 2 as execution "), "the restart without a key "
                + "started no execution, so the one left to restart is still the killed run's: " + restarted);
        assertArrayEquals(Files.readAllBytes(dir.resolve("reference.csv")), Files.readAllBytes(csv));
        assertArrayEquals(Files.readAllBytes(dir.resolve("reference.csv.rejects.jsonl")),
                Files.readAllBytes(Path.of(csv + ".rejects.jsonl")));
        assertTrue(restarted.stdout().contains("export errors   0"), restarted.toString());
        assertEquals(1, labelbox.createdInputs().size(), "no second export task");
        assertResumedMidSlice(labelbox.log().subList(logged, labelbox.log().size()), Files.size(export));
        assertKeyNeverShown(killed, restarted);
    }

    /** The restart asked for the slice holding its checkpoint, from that byte, and for no slice before it. */
    private static void assertResumedMidSlice(List<Request> restart, long exportSize) {
        assertTrue(restart.stream().noneMatch(r -> r.operation().equals("exportDataRowsInProject")));
        Request firstAsk = restart.stream().filter(r -> r.operation().equals("exportFileFromOffset")).findFirst().orElseThrow();
        long offset = Long.parseLong(firstAsk.detail().replace("\"", ""));
        assertTrue(offset > 0, "resumed at byte " + offset);
        List<Request> slices = restart.stream().filter(r -> r.target() == Target.SLICE).toList();
        long firstSlice = offset / SLICE;
        assertEquals("/slices/task-1/RESULT/" + firstSlice + (offset % SLICE == 0 ? "" : " bytes=" + offset % SLICE + "-"),
                slices.get(0).detail());
        assertTrue(slices.stream().allMatch(r -> sliceIndex(r) >= firstSlice), "no committed slice again: " + slices);
        assertEquals((exportSize + SLICE - 1) / SLICE - firstSlice, slices.size(), "each remaining slice once");
    }

    @Test
    void aMissingKeyOrABadFilterExitsWithTwoBeforeAnyRequest() throws Exception {
        labelbox = StandInLabelbox.serving(Files.writeString(dir.resolve("x.ndjson"), "{}\n"), KEY);
        Map<String, String> noKey = Map.of("AUDIOEXPORT_HOME", dir.resolve("state").toString(),
                "LABELBOX_API_KEY", "", "LABELBOX_ENDPOINT", labelbox.endpoint().toString());
        assertBadUsage(noKey, "LABELBOX_API_KEY is not set", "run", "--source", "labelbox:" + PROJECT, "--csv", "x.csv");
        assertBadUsage(env(), "--workflow-status must be one of ToLabel, InReview, InRework, Done, not 'Finished'",
                "run", "--source", "labelbox:" + PROJECT, "--csv", "x.csv", "--workflow-status", "Finished");
        assertBadUsage(env(), "--label-created-from must be a date as YYYY-MM-DD", "run", "--source",
                "labelbox:" + PROJECT, "--csv", "x.csv", "--label-created-from", "2024-1-5");
        assertBadUsage(env(), "--data-row-ids and --global-keys cannot be combined", "run", "--source",
                "labelbox:" + PROJECT, "--csv", "x.csv", "--data-row-ids", "a", "--global-keys", "b");
        assertBadUsage(env(), "--workflow-status applies to labelbox: sources only", "run", "--source",
                dir.resolve("x.ndjson").toString(), "--csv", "x.csv", "--workflow-status", "Done");
        assertEquals(List.of(), labelbox.log(), "nothing was sent");
    }

    @Test
    void filtersGoToTheExportAndExportErrorsAreCountedInTheSummary() throws Exception {
        Path export = TestExports.write(dir.resolve("small.ndjson"), 30);
        Path errors = Files.writeString(dir.resolve("errors.ndjson"), "{\"data_row\":{\"id\":\"x\"},\"error\":\"gone\"}\n");
        labelbox = StandInLabelbox.serving(export, KEY).errors(errors).pollsInProgress(0);

        CliProcess.Result run = CliProcess.run(dir, env(), "run", "--source", "labelbox:" + PROJECT, "--csv", "out.csv",
                "--workflow-status", "Done", "--label-created-from", "2024-01-01 00:00:00");

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("export errors   1 (" + dir.resolve("out.csv.export-errors.jsonl") + ")"),
                run.toString());
        assertArrayEquals(Files.readAllBytes(errors), Files.readAllBytes(dir.resolve("out.csv.export-errors.jsonl")));
        String query = labelbox.createdInputs().get(0).getJsonObject("filters").getJsonObject("searchQuery")
                .getJsonArray("query").toString();
        assertEquals("[{\"type\":\"labeled_at\",\"value\":{\"timezone\":\"UTC\",\"operator\":\"GREATER_THAN_OR_EQUAL\","
                + "\"value\":\"2024-01-01 00:00:00\"}},{\"type\":\"task_queue_status\",\"status\":\"Done\"}]", query);
    }

    private Map<String, String> env() {
        return Map.of("AUDIOEXPORT_HOME", dir.resolve("state").toString(), "LABELBOX_API_KEY", KEY,
                "LABELBOX_ENDPOINT", labelbox.endpoint().toString());
    }

    private void assertBadUsage(Map<String, String> env, String message, String... args) throws Exception {
        CliProcess.Result result = CliProcess.run(dir, env, args);
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains(message), result.toString());
    }

    /** Not on the terminal, in the log, or anywhere in the job repository (text or serialized bytes). */
    private void assertKeyNeverShown(CliProcess.Result... results) throws Exception {
        for (CliProcess.Result result : results) {
            assertFalse(result.stdout().contains(KEY) || result.stderr().contains(KEY), "key printed: " + result);
        }
        String log = Files.readString(dir.resolve("state/audio-export.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains("Resuming Labelbox export task task-1"), "the log is the one of these runs");
        assertFalse(log.contains(KEY), "key in the log");
        String hex = HexFormat.of().formatHex(KEY.getBytes(StandardCharsets.UTF_8));
        String url = RepositoryConfig.defaultFor(dir.resolve("state")).jdbcUrl();
        try (Connection db = DriverManager.getConnection(url);
             ResultSet script = db.createStatement().executeQuery("SCRIPT")) {
            boolean sawParameters = false;
            while (script.next()) {
                String sql = script.getString(1);
                sawParameters |= sql.contains("labelbox:" + PROJECT);
                assertFalse(sql.contains(KEY) || sql.toLowerCase().contains(hex), "key in the job repository: " + sql);
            }
            assertTrue(sawParameters, "the dump holds the job parameters, so it would show a key among them");
        }
    }

    private static long sliceIndex(Request slice) {
        String path = slice.detail().split(" ")[0];
        return Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
    }

    private static void waitUntilLargerThan(Path file, long size, CliProcess process) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!Files.exists(file) || Files.size(file) < size) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new AssertionError("the run ended or stalled before reaching " + size + " bytes: " + process.await(1));
            }
            Thread.sleep(20);
        }
    }
}
