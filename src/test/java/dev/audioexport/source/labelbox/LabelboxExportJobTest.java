package dev.audioexport.source.labelbox;

import static dev.audioexport.batch.EmbeddedJobs.parameters;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.batch.EmbeddedJobs;
import dev.audioexport.batch.ExportTotals;
import dev.audioexport.batch.TestExports;
import dev.audioexport.source.SourceException;
import dev.audioexport.source.SourceOptions;
import dev.audioexport.source.http.RawHttpServer;
import dev.audioexport.source.labelbox.StandInLabelbox.Request;
import dev.audioexport.source.labelbox.StandInLabelbox.Target;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped job reading {@code labelbox:} from the stand-in server: the same CSV and rejects
 * as the file source on the same export, whatever faults the server throws in.
 */
class LabelboxExportJobTest {

    static final String PROJECT = "clproject0001";
    private static final int LINES = 300;
    private static final int[] BAD = {7, 150};
    private static final int CHUNK = 20;
    private static final long SLICE = 16 * 1024;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    static EmbeddedJobs jobs;
    static Path export;
    static byte[] expectedCsv;
    static byte[] expectedRejects;
    static ExportTotals expectedTotals;

    StandInLabelbox labelbox;

    @BeforeAll
    static void fileSourceRun() throws Exception {
        jobs = new EmbeddedJobs(shared.resolve("state"));
        export = TestExports.write(shared.resolve("export.ndjson"), LINES, BAD);
        Path csv = shared.resolve("file-source.csv");
        JobExecution run = jobs.run("audio-export", parameters(export, csv, CHUNK));
        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus());
        expectedCsv = Files.readAllBytes(csv);
        expectedRejects = Files.readAllBytes(Path.of(csv + ".rejects.jsonl"));
        expectedTotals = jobs.operations.totals(run.getExecutionId());
        assertEquals(LINES, expectedTotals.linesRead());
    }

    @BeforeEach
    void standIn() throws Exception {
        labelbox = StandInLabelbox.serving(export, System.getenv("LABELBOX_API_KEY")).sliceBytes(SLICE);
        System.setProperty("labelbox.endpoint", labelbox.endpoint().toString());
    }

    @AfterEach
    void stop() {
        System.clearProperty("labelbox.endpoint");
        labelbox.close();
    }

    @Test
    void aWholeExportGivesTheFileSourceOutputByteForByte() throws Exception {
        Path csv = dir.resolve("labelbox.csv");
        JobExecution run = jobs.run("audio-export", labelboxParameters(csv));

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus(), run.getExitStatus());
        assertOutputsAsExpected(csv);
        assertEquals(1, count(Target.GRAPHQL, "exportDataRowsInProject"));
        long slices = (Files.size(export) + SLICE - 1) / SLICE;
        assertEquals(slices, count(Target.SLICE, "slice"), "each slice fetched once");
        assertEquals(expectedTotals, jobs.operations.totals(run.getExecutionId()));
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("500 on the first GraphQL call", Target.GRAPHQL, 1, new StandInLabelbox.Status(500)),
                Arguments.of("503 on the export mutation", Target.GRAPHQL, 2, new StandInLabelbox.Status(503)),
                Arguments.of("500 on a mid-stream exportFileFromOffset", Target.GRAPHQL, 12, new StandInLabelbox.Status(500)),
                Arguments.of("connection dropped on a GraphQL call", Target.GRAPHQL, 9, new StandInLabelbox.Drop()),
                Arguments.of("GraphQL call times out", Target.GRAPHQL, 10, new StandInLabelbox.Stall(0, 1500)),
                Arguments.of("rate-limit GraphQL error", Target.GRAPHQL, 11, new StandInLabelbox.RateLimitError()),
                Arguments.of("HTTP 429 on a GraphQL call", Target.GRAPHQL, 3, new StandInLabelbox.Status(429)),
                Arguments.of("500 on a slice", Target.SLICE, 2, new StandInLabelbox.Status(500)),
                Arguments.of("slice cut off midway", Target.SLICE, 3, new StandInLabelbox.CutAfter(5000)),
                Arguments.of("slice connection reset midway", Target.SLICE, 8, new StandInLabelbox.ResetAfter(9000)),
                Arguments.of("slice stalls midway (read timeout)", Target.SLICE, 4, new StandInLabelbox.Stall(7000, 1500)),
                Arguments.of("slice connection dropped", Target.SLICE, 5, new StandInLabelbox.Drop()),
                Arguments.of("signed URL expired", Target.SLICE, 6, new StandInLabelbox.ExpiredUrl()),
                Arguments.of("429 on a slice", Target.SLICE, 7, new StandInLabelbox.Status(429)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void everyFaultIsSurvivedWithTheSameOutput(String name, Target target, int nth, StandInLabelbox.Fault fault)
            throws Exception {
        labelbox.fault(target, nth, fault);
        Path csv = dir.resolve("faulty.csv");
        JobExecution run = jobs.run("audio-export", labelboxParameters(csv));

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus(), run.getExitStatus());
        assertOutputsAsExpected(csv);
        assertEquals(1, labelbox.createdInputs().size(), "one export task");
        Request faulty = requests(target).get(nth - 1);
        Request retry = requests(target).get(nth);
        assertEquals(fault, faulty.fault(), "the fault happened: " + faulty);
        assertTrue(retry.fault() == null && (retry.status() == 200 || retry.status() == 206),
                "then a good answer: " + retry);
    }

    @Test
    void aCutOffSliceResumesAtTheByteWhereItBroke() throws Exception {
        labelbox.fault(Target.SLICE, 3, new StandInLabelbox.CutAfter(5000));
        JobExecution run = jobs.run("audio-export", labelboxParameters(dir.resolve("cut.csv")));

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus(), run.getExitStatus());
        List<Request> slices = requests(Target.SLICE);
        assertEquals("/slices/task-1/RESULT/2", slices.get(2).detail());
        assertEquals("/slices/task-1/RESULT/2 bytes=5000-", slices.get(3).detail());
        assertEquals(206, slices.get(3).status());
        assertOutputsAsExpected(dir.resolve("cut.csv"));
    }

    @Test
    void aServerIgnoringRangeHasTheConsumedBytesSkipped() throws Exception {
        labelbox.ignoreRange().fault(Target.SLICE, 3, new StandInLabelbox.CutAfter(5000));
        JobExecution run = jobs.run("audio-export", labelboxParameters(dir.resolve("no-range.csv")));

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus(), run.getExitStatus());
        assertEquals(200, requests(Target.SLICE).get(3).status());
        assertOutputsAsExpected(dir.resolve("no-range.csv"));
    }

    @Test
    void anExpiredUrlIsAskedForAgain() throws Exception {
        labelbox.fault(Target.SLICE, 4, new StandInLabelbox.ExpiredUrl());
        JobExecution run = jobs.run("audio-export", labelboxParameters(dir.resolve("expired.csv")));

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus(), run.getExitStatus());
        List<Request> slices = requests(Target.SLICE);
        assertEquals(403, slices.get(3).status());
        assertEquals(slices.get(3).detail(), slices.get(4).detail(), "the same slice, through a new URL");
        long asks = labelbox.log().stream().filter(r -> r.operation().equals("exportFileFromOffset")
                && r.detail().equals("\"" + 3 * SLICE + "\"")).count();
        assertEquals(2, asks, "exportFileFromOffset asked twice for the slice whose URL expired");
        assertOutputsAsExpected(dir.resolve("expired.csv"));
    }

    @Test
    void failuresBeyondTheAttemptsFailTheRunAndRestartResumesTheSameTask() throws Exception {
        for (int nth = 10; nth < 13; nth++) {
            labelbox.fault(Target.SLICE, nth, new StandInLabelbox.Status(500));
        }
        Path csv = dir.resolve("restarted.csv");
        JobExecution failed = jobs.run("audio-export", labelboxParameters(csv, "retryAttempts", "3"));
        assertEquals(BatchStatus.FAILED, failed.getBatchStatus());
        assertTrue(failed.getExitStatus().contains("failed 3 times in a row (last: TransientHttpException: GET slice")
                && failed.getExitStatus().contains("'restart' resumes"), failed.getExitStatus());
        int before = labelbox.log().size();

        JobExecution restarted = jobs.restart(failed.getExecutionId(), new Properties());

        assertEquals(BatchStatus.COMPLETED, restarted.getBatchStatus(), restarted.getExitStatus());
        assertOutputsAsExpected(csv);
        assertEquals(1, labelbox.createdInputs().size(), "no second export task");
        List<Request> after = labelbox.log().subList(before, labelbox.log().size());
        long resumeOffset = Long.parseLong(after.stream().filter(r -> r.operation().equals("exportFileFromOffset"))
                .findFirst().orElseThrow().detail().replace("\"", ""));
        assertTrue(resumeOffset > 0, "resumed mid-stream, at byte " + resumeOffset);
        long firstSlice = resumeOffset / SLICE;
        assertTrue(after.stream().filter(r -> r.target() == Target.SLICE)
                .allMatch(r -> sliceIndex(r) >= firstSlice), "no committed slice fetched again: " + after);
    }

    @Test
    void aRestartAfterTheTaskExpiredFailsAndSaysToStartOver() throws Exception {
        labelbox.fault(Target.SLICE, 10, new StandInLabelbox.Status(500));
        labelbox.fault(Target.SLICE, 11, new StandInLabelbox.Status(500));
        JobExecution failed = jobs.run("audio-export", labelboxParameters(dir.resolve("gone.csv"), "retryAttempts", "2"));
        assertEquals(BatchStatus.FAILED, failed.getBatchStatus());
        labelbox.expireTasks();

        JobExecution restarted = jobs.restart(failed.getExecutionId(), new Properties());

        assertEquals(BatchStatus.FAILED, restarted.getBatchStatus());
        assertTrue(restarted.getExitStatus().contains("Labelbox export task task-1 of project " + PROJECT
                + " no longer exists") && restarted.getExitStatus().contains("Start over with 'run'"),
                restarted.getExitStatus());
        assertEquals(1, labelbox.createdInputs().size(), "no new export task on restart");
    }

    @Test
    void aFailedTaskFailsTheRunWithLabelboxReason() throws Exception {
        labelbox.failTasks("Export exceeded the maximum of 10 running exports per project");
        JobExecution run = jobs.run("audio-export", labelboxParameters(dir.resolve("failed.csv")));

        assertEquals(BatchStatus.FAILED, run.getBatchStatus());
        assertTrue(run.getExitStatus().contains("Labelbox export task task-1 failed: Export exceeded the maximum"),
                run.getExitStatus());
    }

    @Test
    void aTaskCanceledOnLabelboxFailsTheRunAtOnceInsteadOfBeingWaitedForUntilTheTimeout() throws Exception {
        labelbox.endTasks("CANCELED");
        long start = System.nanoTime();
        JobExecution run = jobs.run("audio-export", labelboxParameters(dir.resolve("canceled.csv"),
                "pollTimeoutMinutes", "0.5"));

        assertEquals(BatchStatus.FAILED, run.getBatchStatus());
        assertTrue(run.getExitStatus().contains("Labelbox export task task-1 ended CANCELED, not COMPLETE"),
                run.getExitStatus());
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "waited for the poll timeout");
    }

    @Test
    void aTaskStillInProgressAtThePollTimeoutFailsSayingTheTimeoutGiven() throws Exception {
        labelbox.pollsInProgress(1_000_000);
        JobExecution run = jobs.run("audio-export", labelboxParameters(dir.resolve("slow.csv"),
                "pollTimeoutMinutes", "0.01"));

        assertEquals(BatchStatus.FAILED, run.getBatchStatus());
        assertTrue(run.getExitStatus().contains("is still IN_PROGRESS at 0% after 0.01 min; raise pollTimeoutMinutes"),
                run.getExitStatus());
    }

    @Test
    void anEndpointThatIsNoGraphqlApiIsNamedInOneLine() throws Exception {
        try (RawHttpServer web = RawHttpServer.start(request -> RawHttpServer.Answer.text(404,
                "<html>\n<head><title>404 Not Found</title></head>\n<body>Not Found</body>\n</html>\n"))) {
            System.setProperty("labelbox.endpoint", web.baseUrl() + "/v1");

            SourceException e = assertThrows(SourceException.class,
                    () -> LabelboxLineSource.open("labelbox:" + PROJECT, null, SourceOptions.DEFAULTS, 1 << 20));

            assertEquals("Labelbox GetUserPyApi answered HTTP 404 with something else than JSON (is " + web.baseUrl()
                    + "/v1 the GraphQL URL? Set LABELBOX_ENDPOINT to it, or unset it for https://api.labelbox.com/graphql): "
                    + "<html> <head><title>404 Not Found</title></head> <body>Not Found</body> </html>", e.getMessage());
        }
    }

    @Test
    void aMalformedSliceUrlIsReportedWithoutItsSignature() throws Exception {
        for (int nth = 1; nth <= 20; nth++) {  // acts on the first exportFileFromOffset among them
            labelbox.fault(Target.GRAPHQL, nth, new StandInLabelbox.MalformedUrl());
        }
        JobExecution run = jobs.run("audio-export", labelboxParameters(dir.resolve("malformed.csv")));

        assertEquals(BatchStatus.FAILED, run.getBatchStatus());
        assertTrue(run.getExitStatus().contains("Labelbox answered the request for byte 0 of export task task-1 with a "
                + "slice URL that is not a valid http(s) URL (not shown: it is signed)."), run.getExitStatus());
        assertTrue(!run.getExitStatus().contains("Signature") && !run.getExitStatus().contains("raw space"),
                run.getExitStatus());
    }

    @Test
    void theErrorsStreamIsWrittenBesideTheRejectsAndCounted() throws Exception {
        Path errors = Files.writeString(dir.resolve("errors.ndjson"),
                "{\"data_row\":{\"id\":\"dr-x\"},\"error\":\"Failed to export\"}\n{\"data_row\":{\"id\":\"dr-y\"},\"error\":\"é\"}\n");
        labelbox.errors(errors);
        Path csv = dir.resolve("with-errors.csv");
        JobExecution run = jobs.run("audio-export", labelboxParameters(csv));

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus(), run.getExitStatus());
        assertOutputsAsExpected(csv);
        assertArrayEquals(Files.readAllBytes(errors), Files.readAllBytes(Path.of(csv + ".export-errors.jsonl")));
        assertEquals(2, jobs.operations.totals(run.getExecutionId()).exportErrors());
    }

    /**
     * The errors stream is written when the source opens, before the writer: a run into an output
     * directory must take away the earlier run's manifest first, or for a while that manifest
     * vouches for an export-errors.jsonl of another run. Here the stale manifest cannot be removed
     * (a directory stands in its place): the run fails with the earlier run's file untouched.
     */
    @Test
    void theErrorsStreamIsNotWrittenIntoADirectoryUntilItsStaleManifestIsGone() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        labelbox.errors(Files.writeString(dir.resolve("first.ndjson"), "{\"data_row\":{\"id\":\"dr-x\"},\"error\":\"a\"}\n"));
        assertEquals(BatchStatus.COMPLETED, jobs.run("audio-export", directoryParameters(out)).getBatchStatus());
        byte[] firstErrors = Files.readAllBytes(out.resolve("export-errors.jsonl"));
        Files.delete(out.resolve("manifest.json"));
        Files.createDirectories(out.resolve("manifest.json").resolve("undeletable"));

        labelbox.errors(Files.writeString(dir.resolve("second.ndjson"), "{\"data_row\":{\"id\":\"dr-y\"},\"error\":\"b\"}\n"));
        assertEquals(BatchStatus.FAILED, jobs.run("audio-export", directoryParameters(out)).getBatchStatus());
        assertArrayEquals(firstErrors, Files.readAllBytes(out.resolve("export-errors.jsonl")));
    }

    /** outputDir is created when missing, and the source, opened before the writer, writes into it too. */
    @Test
    void aMissingOutputDirectoryIsCreatedBeforeTheErrorsStreamIsWrittenIntoIt() throws Exception {
        Path errors = Files.writeString(dir.resolve("errors.ndjson"), "{\"data_row\":{\"id\":\"dr-x\"},\"error\":\"a\"}\n");
        labelbox.errors(errors);
        Path out = dir.resolve("new");
        JobExecution run = jobs.run("audio-export", directoryParameters(out));

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus(), run.getExitStatus());
        assertArrayEquals(Files.readAllBytes(errors), Files.readAllBytes(out.resolve("export-errors.jsonl")));
        assertTrue(Files.exists(out.resolve("manifest.json")));
    }

    private Properties directoryParameters(Path out) {
        return labelboxParameters(out.resolve("annotations.csv"), "outputDir", out.toString(),
                "rejects", out.resolve("rejects.jsonl").toString(),
                "exportErrors", out.resolve("export-errors.jsonl").toString());
    }

    @Test
    void filtersAndParamsReachTheExportMutationAsDocumented() throws Exception {
        JobExecution run = jobs.run("audio-export", labelboxParameters(dir.resolve("filtered.csv"),
                "workflowStatus", "InReview", "labelCreatedFrom", "2024-01-01",
                "labelCreatedTo", "2024-06-30T12:00:00+02:00", "batchIds", "b1, b2", "exclude", "attachments"));

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus(), run.getExitStatus());
        var input = labelbox.createdInputs().get(0);
        assertEquals(PROJECT, input.getJsonObject("filters").getString("projectId"));
        assertEquals("[{\"type\":\"labeled_at\",\"value\":{\"timezone\":\"UTC\",\"operator\":\"BETWEEN\",\"value\":"
                + "{\"min\":\"2024-01-01\",\"max\":\"2024-06-30T10:00:00+0000\"}}},"
                + "{\"ids\":[\"b1\",\"b2\"],\"operator\":\"is\",\"type\":\"batch\"},"
                + "{\"type\":\"task_queue_status\",\"status\":\"InReview\"}]",
                input.getJsonObject("filters").getJsonObject("searchQuery").getJsonArray("query").toString());
        assertEquals("{\"mediaTypeOverride\":null,\"includeAttachments\":false,\"includeEmbeddings\":false,"
                + "\"includeMetadata\":true,\"includeDataRowDetails\":true,\"includeProjectDetails\":true,"
                + "\"includePerformanceDetails\":true,\"includeLabelDetails\":true,\"includeInterpolatedFrames\":true}",
                input.getJsonObject("params").toString());
    }

    @Test
    void theWaitShowsTheTaskCompletionAndTheHeaderDrivesTheProgress() throws Exception {
        labelbox.pollsInProgress(3);
        List<String> waiting = new java.util.ArrayList<>();
        var options = new dev.audioexport.source.SourceOptions(dev.audioexport.source.SourceParameters.of(
                java.util.Map.of("pollSeconds", "0.05")), null, waiting::add, () -> false);
        try (LabelboxLineSource source = LabelboxLineSource.open("labelbox:" + PROJECT, null, options, 1 << 20)) {
            assertEquals(List.of("Labelbox export task task-1 0%", "Labelbox export task task-1 33%",
                    "Labelbox export task task-1 67%"), waiting);
            assertEquals(Files.size(export), source.size());
            int lines = 0;
            while (source.next() != null) {
                lines++;
            }
            assertEquals(LINES, lines);
            assertEquals(source.size(), source.bytesConsumed());
            assertEquals(new LabelboxPosition(PROJECT, "task-1", Files.size(export), LINES, 0), source.position());
        }
    }

    @Test
    void aStopWhileWaitingForTheTaskEndsTheRunWithoutWaitingForTheTimeout() throws Exception {
        labelbox.pollsInProgress(100_000);
        try (var run = jobs.operations.start("audio-export", labelboxParameters(dir.resolve("stop.csv")))) {
            while (count(Target.GRAPHQL, "createdTasks") < 3) {
                Thread.sleep(20);
            }
            jobs.operations.stop(run.executionId());
            jobs.operations.awaitEnd(run.executionId());
            var execution = jobs.operations.execution(run.executionId());
            assertTrue(execution.getExitStatus().contains("Stopped while waiting for Labelbox export task task-1"),
                    execution.getBatchStatus() + " " + execution.getExitStatus());
        }
    }

    private Properties labelboxParameters(Path csv, String... more) {
        String[] tuning = {"pollSeconds", "0.05", "retryDelayMillis", "10", "httpTimeoutSeconds", "1"};
        Properties p = parameters("labelbox:" + PROJECT, csv, CHUNK, tuning);
        for (int i = 0; i + 1 < more.length; i += 2) {
            p.setProperty(more[i], more[i + 1]);
        }
        return p;
    }

    private void assertOutputsAsExpected(Path csv) throws Exception {
        assertArrayEquals(expectedCsv, Files.readAllBytes(csv), "CSV");
        assertArrayEquals(expectedRejects, Files.readAllBytes(Path.of(csv + ".rejects.jsonl")), "rejects");
    }

    private List<Request> requests(Target target) {
        return labelbox.log().stream().filter(r -> r.target() == target).toList();
    }

    private long count(Target target, String operation) {
        return requests(target).stream().filter(r -> r.operation().equals(operation)).count();
    }

    private static long sliceIndex(Request slice) {
        String path = slice.detail().split(" ")[0];
        return Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
    }
}
