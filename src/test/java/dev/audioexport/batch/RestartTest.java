package dev.audioexport.batch;

import static dev.audioexport.batch.EmbeddedJobs.parameters;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run that fails at any point and is restarted ends with exactly the CSV and rejects of an
 * uninterrupted run: no row lost, none written twice.
 */
class RestartTest {

    private static final int LINES = 60;
    private static final int CHUNK = 7;
    private static final int[] BAD = {5, 22, 23, 58};

    @TempDir
    static Path dir;

    static EmbeddedJobs jobs;
    static Path source;
    static byte[] expectedCsv;
    static byte[] expectedRejects;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        jobs = new EmbeddedJobs(dir.resolve("state"));
        source = TestExports.write(dir.resolve("export.ndjson"), LINES, BAD);
        Path csv = dir.resolve("expected.csv");
        JobExecution run = jobs.run("audio-export", parameters(source, csv, CHUNK));
        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus());
        expectedCsv = Files.readAllBytes(csv);
        expectedRejects = Files.readAllBytes(Path.of(csv + ".rejects.jsonl"));
        assertEquals(BAD.length, Files.readAllLines(Path.of(csv + ".rejects.jsonl")).size());
    }

    /** Inside a chunk (after processing line N), and after writing chunk N but before its checkpoint. */
    @ParameterizedTest
    @ValueSource(strings = {"afterProcess:1", "afterProcess:4", "afterProcess:24", "afterProcess:60",
            "afterWrite:1", "afterWrite:3", "afterWrite:5", "afterWrite:9"})
    void failureThenRestartGivesTheUninterruptedOutput(String failAt) throws Exception {
        Path csv = dir.resolve(failAt.replace(':', '-') + ".csv");
        JobExecution failed = jobs.run(FaultInjectingJobXmlResolver.JOB,
                parameters(source, csv, CHUNK, "failAt", failAt));
        assertEquals(BatchStatus.FAILED, failed.getBatchStatus());
        assertTrue(failed.getExitStatus().contains("injected failure"), failed.getExitStatus());

        Properties noMoreFaults = new Properties();
        noMoreFaults.setProperty("failAt", "");
        JobExecution restarted = jobs.restart(failed.getExecutionId(), noMoreFaults);

        assertEquals(BatchStatus.COMPLETED, restarted.getBatchStatus());
        assertArrayEquals(expectedCsv, Files.readAllBytes(csv), "CSV after failing at " + failAt);
        assertArrayEquals(expectedRejects, Files.readAllBytes(Path.of(csv + ".rejects.jsonl")));
        ExportTotals totals = jobs.operations.totals(restarted.getExecutionId());
        assertEquals(new ExportTotals(LINES, ExportJobTest.goodRowCount(LINES, BAD), BAD.length, 0), totals);
    }

    /** A line skipped in the reader for the skippableException parameter used to vanish without a reject. */
    @Test
    void aLineSkippedInTheReaderIsRecordedInTheRejectsLikeOneSkippedInTheProcessor() throws Exception {
        Path csv = dir.resolve("read-skip.csv");
        JobExecution run = jobs.run(FaultInjectingJobXmlResolver.JOB, parameters(source, csv, CHUNK,
                "failAt", "afterRead:10", "skippableException", "java.lang.IllegalStateException"));

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus(), run.getExitStatus());
        List<String> lines = Files.readAllLines(source);
        long offsetOfLine10 = 0;
        for (String line : lines.subList(0, 9)) {
            offsetOfLine10 += line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
        }
        List<JsonObject> rejects = Files.readAllLines(Path.of(csv + ".rejects.jsonl")).stream()
                .map(line -> Json.createReader(new StringReader(line)).readObject()).toList();
        assertEquals(List.of(5, 10, 22, 23, 58), rejects.stream().map(r -> r.getInt("line")).toList());
        JsonObject skipped = rejects.get(1);
        assertEquals("java.lang.IllegalStateException: injected failure after reading line 10", skipped.getString("reason"));
        assertEquals(lines.get(9), skipped.getString("raw"));
        assertEquals(offsetOfLine10, skipped.getJsonNumber("offset").longValue());
        assertEquals(BAD.length + 1, jobs.operations.totals(run.getExecutionId()).linesRejected());
    }

    /** JBeret counts skips per execution: a restart must not get the whole skip limit again. */
    @ParameterizedTest
    @ValueSource(strings = {"", "afterWrite:4"})
    void theSkipLimitCountsTheRejectsOfTheWholeRunRestartsIncluded(String failAt) throws Exception {
        Path csv = dir.resolve("limit-" + failAt.replace(':', '-') + ".csv");
        JobExecution run = jobs.run(FaultInjectingJobXmlResolver.JOB,
                parameters(source, csv, CHUNK, "failAt", failAt, "skipLimit", "3"));
        if (!failAt.isEmpty()) {
            assertTrue(run.getExitStatus().contains("injected failure"), run.getExitStatus());
            Properties none = new Properties();
            none.setProperty("failAt", "");
            run = jobs.restart(run.getExecutionId(), none);
        }
        assertEquals(BatchStatus.FAILED, run.getBatchStatus());
        assertTrue(run.getExitStatus().startsWith("FAILED: 4 lines rejected, more than the skip limit of 3; see the "
                + "rejects in " + csv + ".rejects.jsonl (last: line 58: "), run.getExitStatus());
    }

    /**
     * A stop (SIGTERM) that comes after the step completed but before the job ended leaves the
     * execution STOPPED with its step COMPLETED; the restart runs no step, yet its totals are
     * the whole run's (they were 0).
     */
    @Test
    void aStopAfterTheStepCompletedRestartsWithTheRunsTotals() throws Exception {
        Path csv = dir.resolve("stop-after-step.csv");
        JobExecution stopped = jobs.run(FaultInjectingJobXmlResolver.JOB,
                parameters(source, csv, CHUNK, "failAt", "stopAfterStep"));
        assertEquals(BatchStatus.STOPPED, stopped.getBatchStatus());

        Properties none = new Properties();
        none.setProperty("failAt", "");
        JobExecution restarted = jobs.restart(stopped.getExecutionId(), none);

        assertEquals(BatchStatus.COMPLETED, restarted.getBatchStatus());
        assertArrayEquals(expectedCsv, Files.readAllBytes(csv));
        assertArrayEquals(expectedRejects, Files.readAllBytes(Path.of(csv + ".rejects.jsonl")));
        assertEquals(new ExportTotals(LINES, ExportJobTest.goodRowCount(LINES, BAD), BAD.length, 0),
                jobs.operations.totals(restarted.getExecutionId()));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void twoFailuresInARowStillGiveTheUninterruptedOutput(int firstChunk) throws Exception {
        Path csv = dir.resolve("twice-" + firstChunk + ".csv");
        JobExecution first = jobs.run(FaultInjectingJobXmlResolver.JOB,
                parameters(source, csv, CHUNK, "failAt", "afterWrite:" + firstChunk));
        Properties second = new Properties();
        second.setProperty("failAt", "afterProcess:" + (firstChunk * CHUNK + CHUNK + 2));
        JobExecution again = jobs.restart(first.getExecutionId(), second);
        assertEquals(BatchStatus.FAILED, again.getBatchStatus());

        Properties none = new Properties();
        none.setProperty("failAt", "");
        assertEquals(BatchStatus.COMPLETED, jobs.restart(again.getExecutionId(), none).getBatchStatus());
        assertArrayEquals(expectedCsv, Files.readAllBytes(csv));
        assertArrayEquals(expectedRejects, Files.readAllBytes(Path.of(csv + ".rejects.jsonl")));
    }
}
