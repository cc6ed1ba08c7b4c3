package dev.audioexport.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.batch.TestExports;
import dev.audioexport.operations.RepositoryConfig;
import dev.audioexport.source.http.RawHttpServer;
import dev.audioexport.source.http.RawHttpServer.Answer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged command line, as operators and scripts use it. */
class CommandLineIT {

    @TempDir
    Path dir;

    private static final String SIGNATURE = "c2lnbmVkLXNlY3JldA";

    private Map<String, String> env() {
        return Map.of("AUDIOEXPORT_HOME", dir.resolve("state").toString());
    }

    @Test
    void runsTheSeedSampleAndSummarizes() throws Exception {
        Path source = dir.resolve("seed.ndjson");
        try (InputStream in = getClass().getResourceAsStream("/samples/seed-audio-export.ndjson")) {
            Files.copy(in, source);
        }
        CliProcess.Result result = CliProcess.run(dir, env(), "run", "--source", "file:" + source, "--csv", "out.csv");

        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("COMPLETED"), result.toString());
        assertTrue(result.stdout().contains("rows written    4"), result.toString());
        assertTrue(result.stdout().contains("csv             " + dir.resolve("out.csv")), result.toString());
        try (InputStream expected = getClass().getResourceAsStream("/samples/seed-audio-export.expected.csv")) {
            assertArrayEquals(expected.readAllBytes(), Files.readAllBytes(dir.resolve("out.csv")));
        }
        assertFalse(Files.exists(dir.resolve("state/repository.trace.db")),
                "a first run leaves no H2 trace of JBeret's probe for its tables");
        assertEquals("", Files.readString(dir.resolve("out.csv.rejects.jsonl")));
    }

    @Test
    void badArgumentsExitWithTwoAndOneClearLine() throws Exception {
        assertBadUsage("missing --source", "run", "--csv", "x.csv");
        assertBadUsage("unknown option --frobnicate", "run", "--frobnicate", "1");
        assertBadUsage("is not a readable file", "run", "--source", "nope.ndjson", "--csv", "x.csv");
        assertBadUsage("--chunk-size must be a whole number from 1 to 100000, not '0'",
                "run", "--source", "pom.xml", "--csv", "x.csv", "--chunk-size", "0");
        assertBadUsage("--csv: directory " + dir.resolve("missing") + " does not exist",
                "run", "--source", "pom.xml", "--csv", "missing/x.csv");
        assertBadUsage("Unsupported source 'ftp://h/x'", "run", "--source", "ftp://h/x", "--csv", "x.csv");
        assertBadUsage("Source 'http://exa mple.com/x?...' is not a valid http(s) URL", "run", "--source",
                "http://user:secret@exa mple.com/x?sig=secret", "--csv", "x.csv");
        assertBadUsage("There is no failed, stopped or interrupted execution to restart.", "restart", "--last");
        assertBadUsage("unknown command 'frob'", "frob");
        assertBadUsage("option --csv is given twice", "run", "--source", "x.ndjson", "--csv", "a.csv", "--csv", "b.csv");
        Path export = Files.writeString(dir.resolve("export.ndjson"), "{\"data_row\":{\"id\":\"d\"}}\n");
        assertBadUsage("--source and --csv name the same file", "run", "--source", "export.ndjson", "--csv",
                "./export.ndjson");
        assertBadUsage("--csv and --rejects name the same file, " + dir.resolve("x.csv"), "run", "--source",
                "export.ndjson", "--csv", "x.csv", "--rejects", "x.csv");
        assertEquals("{\"data_row\":{\"id\":\"d\"}}\n", Files.readString(export), "the source is untouched");
    }

    private void assertBadUsage(String message, String... args) throws Exception {
        Files.writeString(dir.resolve("pom.xml"), "{}");
        CliProcess.Result result = CliProcess.run(dir, env(), args);
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains(message), result.toString());
        assertFalse(result.stderr().contains("secret"), "a password or signature shown: " + result);
        assertFalse(result.stderr().contains("\tat "), "no stack trace on the terminal: " + result);
        assertEquals(1, result.stderr().strip().lines().count(), "one line, not buried under the usage: " + result);
    }

    @Test
    void tooManyRejectsFailWithOneAndTheRestartCommand() throws Exception {
        Path source = TestExports.write(dir.resolve("bad.ndjson"), 20, 2, 3, 4);
        CliProcess.Result result = CliProcess.run(dir, env(), "run", "--source", source.toString(), "--csv",
                "bad.csv", "--skip-limit", "2");

        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("3 lines rejected, more than the skip limit of 2; see the rejects in "
                + dir.resolve("bad.csv.rejects.jsonl")), result.toString());
        assertTrue(result.stderr().contains("To resume from its last checkpoint, letting more lines be rejected: "
                + "java -jar "), result.toString());
        assertTrue(result.stderr().contains("audio-export.jar restart 1 --skip-limit N"), result.toString());
        assertTrue(result.stdout().contains("Execution 1 FAILED in ") && result.stdout().contains(
                "  as of its last checkpoint:\n  lines read"), "the counts are the checkpoint's: " + result);
    }

    /** The skip limit counts the whole run: only a restart that raises it can get past the lines. */
    @Test
    void aRunFailedOnItsSkipLimitIsFinishedByARestartThatRaisesIt() throws Exception {
        Path source = TestExports.write(dir.resolve("bad.ndjson"), 2000, 2, 3, 1500);
        CliProcess.Result failed = CliProcess.run(dir, env(), "run", "--source", source.toString(), "--csv",
                "bad.csv", "--skip-limit", "2", "--chunk-size", "100");
        assertEquals(1, failed.exitCode(), failed.toString());

        CliProcess.Result again = CliProcess.run(dir, env(), "restart", "--last");
        assertEquals(1, again.exitCode(), again.toString());
        assertTrue(again.stderr().contains("3 lines rejected, more than the skip limit of 2"), again.toString());

        assertBadUsage("--skip-limit must be a whole number of at least 0, not 'lots'",
                "restart", "--last", "--skip-limit", "lots");
        CliProcess.Result raised = CliProcess.run(dir, env(), "restart", "--last", "--skip-limit", "3");
        assertEquals(0, raised.exitCode(), raised.toString());
        assertTrue(raised.stdout().contains("lines rejected  3"), raised.toString());

        Map<String, String> otherState = Map.of("AUDIOEXPORT_HOME", dir.resolve("uninterrupted").toString());
        CliProcess.Result uninterrupted = CliProcess.run(dir, otherState, "run", "--source", source.toString(),
                "--csv", "whole.csv", "--skip-limit", "3", "--chunk-size", "100");
        assertEquals(0, uninterrupted.exitCode(), uninterrupted.toString());
        assertArrayEquals(Files.readAllBytes(dir.resolve("whole.csv")), Files.readAllBytes(dir.resolve("bad.csv")));
        assertEquals(Files.readString(dir.resolve("whole.csv.rejects.jsonl")),
                Files.readString(dir.resolve("bad.csv.rejects.jsonl")));
    }

    /**
     * The first run serves the default H2 repository to other processes: a second run would lose
     * it when the first ends, so it is refused while the first is alive.
     */
    @Test
    void aSecondRunOnTheSameStateDirectoryIsRefusedWhileTheFirstRuns() throws Exception {
        Path source = TestExports.write(dir.resolve("both.ndjson"), 20_000, 100, 16_000);
        CliProcess first = CliProcess.start(dir, env(), "run", "--source", source.toString(), "--csv", "first.csv",
                "--chunk-size", "200");
        waitUntilLargerThan(dir.resolve("first.csv"), 1000, first);
        CliProcess.Result second = CliProcess.run(dir, env(), "run", "--source", source.toString(), "--csv",
                "second.csv");
        assertEquals(2, second.exitCode(), second.toString());
        assertTrue(second.stderr().contains("Execution 1 is running in another process on this job repository, which "
                + "holds one run at a time"), second.toString());
        assertFalse(Files.exists(dir.resolve("second.csv")), "nothing started");
        CliProcess.Result firstResult = first.await(120);
        assertEquals(0, firstResult.exitCode(), firstResult.toString());
        CliProcess.Result afterwards = CliProcess.run(dir, env(), "run", "--source", source.toString(), "--csv",
                "second.csv", "--chunk-size", "200");
        assertEquals(0, afterwards.exitCode(), afterwards.toString());
        assertArrayEquals(Files.readAllBytes(dir.resolve("first.csv")), Files.readAllBytes(dir.resolve("second.csv")));
    }

    @Test
    void aRunKilledWithSigkillIsFinishedByRestartLastWithTheSameCsv() throws Exception {
        Path source = TestExports.write(dir.resolve("big.ndjson"), 25_000, 100, 20_000);
        CliProcess.Result reference = CliProcess.run(dir, env(), "run", "--source", source.toString(), "--csv",
                "reference.csv", "--chunk-size", "200");
        assertEquals(0, reference.exitCode(), reference.toString());
        long fullSize = Files.size(dir.resolve("reference.csv"));

        Path csv = dir.resolve("killed.csv");
        CliProcess victim = CliProcess.start(dir, env(), "run", "--source", source.toString(), "--csv",
                csv.toString(), "--chunk-size", "200");
        waitUntilLargerThan(csv, fullSize / 3, victim);
        victim.kill();
        assertTrue(Files.size(csv) < fullSize, "killed before the end");

        CliProcess.Result status = CliProcess.run(dir, env(), "status");
        assertTrue(status.stdout().contains("STARTED (process died)"), status.toString());

        CliProcess.Result restarted = CliProcess.run(dir, env(), "restart", "--last");
        assertEquals(0, restarted.exitCode(), restarted.toString());
        assertTrue(restarted.stderr().contains("Restarting execution 2 as execution 3"), restarted.toString());
        assertArrayEquals(Files.readAllBytes(dir.resolve("reference.csv")), Files.readAllBytes(csv));
        assertArrayEquals(Files.readAllBytes(dir.resolve("reference.csv.rejects.jsonl")),
                Files.readAllBytes(Path.of(csv + ".rejects.jsonl")));
        assertTrue(restarted.stdout().contains("lines rejected  2"), restarted.toString());
    }

    @Test
    void aRunStartedFromAnotherStateDirectoryIsNotGuessedDeadButRestartedWhereItsLockLives() throws Exception {
        Path source = TestExports.write(dir.resolve("elsewhere.ndjson"), 25_000);
        String repository = "jdbc:h2:file:" + dir.resolve("shared-repository") + ";AUTO_SERVER=TRUE;FILE_LOCK=SOCKET";
        Map<String, String> first = Map.of("AUDIOEXPORT_HOME", dir.resolve("state-a").toString());
        Map<String, String> other = Map.of("AUDIOEXPORT_HOME", dir.resolve("state-b").toString());
        Path csv = dir.resolve("elsewhere.csv");
        CliProcess victim = CliProcess.start(dir, first, "run", "--source", source.toString(), "--csv", csv.toString(),
                "--chunk-size", "200", "--repository", repository);
        waitUntilLargerThan(csv, 1_000_000, victim);
        victim.kill();

        CliProcess.Result refused = CliProcess.run(dir, other, "restart", "--last", "--repository", repository);
        assertEquals(2, refused.exitCode(), refused.toString());
        assertTrue(refused.stderr().contains("only there can this tool tell whether it is still alive"),
                refused.toString());
        CliProcess.Result restarted = CliProcess.run(dir, first, "restart", "--last", "--repository", repository);
        assertEquals(0, restarted.exitCode(), restarted.toString());
        assertTrue(restarted.stdout().contains("COMPLETED"), restarted.toString());
    }

    @Test
    void aPasswordInTheRepositoryUrlIsRefused() throws Exception {
        CliProcess.Result result = CliProcess.run(dir, env(), "status", "--repository",
                "jdbc:postgresql://127.0.0.1/test?user=u&password=hunter2");
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("--repository must not hold a password"), result.toString());
        assertFalse(result.stderr().contains("hunter2"), result.toString());
    }

    @Test
    void sigtermStopsAtACheckpointAndRestartFinishesTheSameCsv() throws Exception {
        Path source = TestExports.write(dir.resolve("stop.ndjson"), 25_000);
        Path csv = dir.resolve("stopped.csv");
        CliProcess run = CliProcess.start(dir, env(), "run", "--source", source.toString(), "--csv", csv.toString(),
                "--chunk-size", "200");
        waitUntilLargerThan(csv, 1_000_000, run);
        run.terminate();
        CliProcess.Result stopped = run.await(60);

        assertEquals(1, stopped.exitCode(), stopped.toString());
        assertTrue(stopped.stdout().contains("Execution 1 STOPPED"), stopped.toString());
        assertTrue(stopped.stderr().contains("restart 1"), stopped.toString());
        CliProcess.Result status = CliProcess.run(dir, env(), "status", "1");
        assertTrue(status.stdout().startsWith("Execution 1: STOPPED"), status.toString());

        CliProcess.Result restarted = CliProcess.run(dir, env(), "restart", "1");
        assertEquals(0, restarted.exitCode(), restarted.toString());
        CliProcess.Result reference = CliProcess.run(dir, env(), "run", "--source", source.toString(), "--csv",
                "reference.csv");
        assertEquals(0, reference.exitCode(), reference.toString());
        assertArrayEquals(Files.readAllBytes(dir.resolve("reference.csv")), Files.readAllBytes(csv));
    }

    @Test
    void aSignedSourceUrlIsNeverStoredAndRestartTakesItAgain() throws Exception {
        Path export = TestExports.write(dir.resolve("export.ndjson"), 300);
        AtomicBoolean busy = new AtomicBoolean(true);
        try (RawHttpServer storage = RawHttpServer.start(request -> busy.get() ? Answer.text(503, "busy")
                : Answer.file(200, new LinkedHashMap<>(Map.of("ETag", "\"v1\"")), export, 0, Files.size(export)))) {
            String signed = storage.baseUrl() + "/export.ndjson?X-Amz-Signature=" + SIGNATURE;
            CliProcess.Result failed = CliProcess.run(dir, env(), "run", "--source", signed, "--csv", "signed.csv",
                    "--retry-attempts", "1");
            assertEquals(1, failed.exitCode(), failed.toString());
            assertTrue(failed.stderr().contains(" restart 1 --source URL"), failed.toString());
            CliProcess.Result status = CliProcess.run(dir, env(), "status", "1");
            assertTrue(status.stdout().contains(storage.baseUrl() + "/export.ndjson?..."), status.toString());
            assertBadUsage("execution 1 reads " + storage.baseUrl() + "/export.ndjson?..., whose query is not stored: "
                    + "give the whole URL again with restart 1 --source URL", "restart", "--last");
            assertBadUsage("is not the source of execution 1", "restart", "--last", "--source",
                    storage.baseUrl() + "/other.ndjson?X-Amz-Signature=x");

            busy.set(false);
            CliProcess.Result restarted = CliProcess.run(dir, env(), "restart", "--last", "--source", signed);

            assertEquals(0, restarted.exitCode(), restarted.toString());
            CliProcess.Result reference = CliProcess.run(dir, env(), "run", "--source", export.toString(), "--csv",
                    "reference.csv");
            assertArrayEquals(Files.readAllBytes(dir.resolve("reference.csv")), Files.readAllBytes(dir.resolve("signed.csv")));
            for (CliProcess.Result result : List.of(failed, status, restarted)) {
                assertFalse(result.toString().contains(SIGNATURE), "signature printed: " + result);
            }
        }
        assertFalse(Files.readString(dir.resolve("state/audio-export.log")).contains(SIGNATURE), "signature in the log");
        String url = RepositoryConfig.defaultFor(dir.resolve("state")).jdbcUrl();
        try (Connection db = DriverManager.getConnection(url);
             ResultSet script = db.createStatement().executeQuery("SCRIPT")) {
            while (script.next()) {
                assertFalse(script.getString(1).contains(SIGNATURE), "signature in the job repository: " + script.getString(1));
            }
        }
    }

    private static void waitUntilLargerThan(Path file, long size, CliProcess process) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!Files.exists(file) || Files.size(file) < size) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new AssertionError("the run ended or stalled before reaching " + size + " bytes: "
                        + process.await(1));
            }
            Thread.sleep(20);
        }
    }
}
