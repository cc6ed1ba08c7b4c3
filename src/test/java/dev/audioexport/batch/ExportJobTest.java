package dev.audioexport.batch;

import static dev.audioexport.batch.EmbeddedJobs.parameters;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.mapping.Column;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.Metric;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped job on the embedded runtime: golden outputs and bad input. */
class ExportJobTest {

    @TempDir
    static Path state;

    @TempDir
    Path dir;

    static EmbeddedJobs jobs;

    @BeforeAll
    static void runtime() {
        jobs = new EmbeddedJobs(state);
    }

    @Test
    void seedSampleGivesExactlyItsFourRows() throws Exception {
        Path csv = dir.resolve("seed.csv");
        JobExecution run = jobs.run("audio-export", parameters(sample("seed-audio-export.ndjson"), csv, 1000));

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus());
        assertArrayEquals(resource("samples/seed-audio-export.expected.csv"), Files.readAllBytes(csv));
        assertEquals(new ExportTotals(1, 4, 0, 0), jobs.operations.totals(run.getExecutionId()));
    }

    @Test
    void aChunkEndsAtItsLineCountOrItsByteSizeWhicheverComesFirst() throws Exception {
        Path source = sample("real-image-export.ndjson");
        long lines = Files.readAllLines(source).size();
        long bytes = Files.size(source);
        assertEquals((lines + 9) / 10, commits(source, "10", null));
        long chunkBytes = bytes / 5;
        long byBytes = commits(source, "1000", String.valueOf(chunkBytes));
        assertTrue(byBytes >= 5 && byBytes <= 6, byBytes + " chunks of at most " + chunkBytes + " bytes in " + bytes);
    }

    @Test
    void aChunkByteSizeThatIsNotAPositiveNumberFailsTheRunSayingSo() throws Exception {
        JobExecution run = jobs.run("audio-export", parameters(sample("seed-audio-export.ndjson"),
                dir.resolve("bad.csv"), 10, "chunkBytes", "4MB"));
        assertEquals(BatchStatus.FAILED, run.getBatchStatus());
        assertTrue(run.getExitStatus().contains("job parameter chunkBytes must be a whole number from 1"),
                run.getExitStatus());
    }

    @Test
    void aChunkLargerThanItsCeilingFailsTheRunNamingTheCeiling() throws Exception {
        // Unbounded, one chunk could hold the whole source in the heap (found by the security review).
        JobExecution lines = jobs.run("audio-export", parameters(sample("seed-audio-export.ndjson"),
                dir.resolve("many-lines.csv"), 100_001));
        assertEquals(BatchStatus.FAILED, lines.getBatchStatus());
        assertTrue(lines.getExitStatus().contains("job parameter chunkSize must be a whole number from 1 to 100000, not '100001'"),
                lines.getExitStatus());
        JobExecution bytes = jobs.run("audio-export", parameters(sample("seed-audio-export.ndjson"),
                dir.resolve("many-bytes.csv"), 10, "chunkBytes", "1000000000000"));
        assertEquals(BatchStatus.FAILED, bytes.getBatchStatus());
        assertTrue(bytes.getExitStatus().contains("job parameter chunkBytes must be a whole number from 1 to 16777216"),
                bytes.getExitStatus());
    }

    private static long commits(Path source, String chunkSize, String chunkBytes) throws Exception {
        Properties parameters = parameters(source, Files.createTempFile(state, "chunks", ".csv"), 1, "chunkSize", chunkSize);
        if (chunkBytes != null) {
            parameters.setProperty("chunkBytes", chunkBytes);
        }
        JobExecution run = jobs.run("audio-export", parameters);
        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus());
        Metric[] metrics = jobs.operations.steps(run.getExecutionId()).get(0).getMetrics();
        return Arrays.stream(metrics).filter(m -> m.getType() == Metric.MetricType.COMMIT_COUNT)
                .findFirst().orElseThrow().getValue();
    }

    @Test
    void realExportGivesOneRowPerLabel() throws Exception {
        Path source = sample("real-image-export.ndjson");
        Path csv = dir.resolve("real.csv");
        JobExecution run = jobs.run("audio-export", parameters(source, csv, 10));

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus());
        List<String> labelIds = labelIds(source);
        List<String> rows = Files.readAllLines(csv);
        assertEquals(labelIds.size() + 1, rows.size());
        int labelColumn = Column.LABEL_ID.ordinal();
        for (int i = 0; i < labelIds.size(); i++) {
            assertEquals(labelIds.get(i), rows.get(i + 1).split(",", -1)[labelColumn], "row " + (i + 1));
        }
    }

    @Test
    void badLinesAreRejectedWithTheirLineOffsetAndReasonAndGoodLinesAllArrive() throws Exception {
        Path source = TestExports.write(dir.resolve("mixed.ndjson"), 12, 3, 4, 5, 6);
        Path csv = dir.resolve("mixed.csv");
        JobExecution run = jobs.run("audio-export", parameters(source, csv, 5));

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus());
        List<JsonObject> rejects = Files.readAllLines(Path.of(csv + ".rejects.jsonl")).stream()
                .map(line -> Json.createReader(new StringReader(line)).readObject()).toList();
        assertEquals(List.of(3, 4, 5, 6), rejects.stream().map(r -> r.getInt("line")).toList());
        assertEquals(List.of(
                "field projects.p.labels has the wrong type: expected an array, found a string",
                "not valid JSON: the line ends before the JSON value is complete (in data_row)",
                "the line is not a JSON object",
                "field data_row.id is missing"), rejects.stream().map(r -> r.getString("reason")).toList());
        List<String> lines = Files.readAllLines(source);
        assertEquals(lines.get(2), rejects.get(0).getString("raw"));
        long offsetOfLine3 = lines.get(0).getBytes("UTF-8").length + lines.get(1).getBytes("UTF-8").length + 2;
        assertEquals(offsetOfLine3, rejects.get(0).getJsonNumber("offset").longValue());
        ExportTotals totals = jobs.operations.totals(run.getExecutionId());
        assertEquals(12, totals.linesRead());
        assertEquals(4, totals.linesRejected());
        assertEquals(goodRowCount(12, 3, 4, 5, 6), totals.rowsWritten());
        assertEquals(totals.rowsWritten() + 1, Files.readAllLines(csv).stream().filter(l -> l.startsWith("dr")
                || l.startsWith("data_row_id")).count());
    }

    @Test
    void bomCrlfBlankLinesGzipAndNoFinalNewlineAreValidInput() throws Exception {
        Path clean = TestExports.write(dir.resolve("clean.ndjson"), 5);
        String text = Files.readString(clean);
        byte[] messy = ("\uFEFF" + text.replace("\n", "\r\n\r\n  \t\r\n").stripTrailing()).getBytes(StandardCharsets.UTF_8);
        Path messyFile = Files.write(dir.resolve("messy.ndjson"), messy);
        Path gzipFile = dir.resolve("messy.bin");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzipFile))) {
            out.write(messy);
        }

        byte[] expected = csvOf(clean, "clean.csv");
        assertArrayEquals(expected, csvOf(messyFile, "messy.csv"));
        assertArrayEquals(expected, csvOf(gzipFile, "gzip.csv"));
        assertEquals("", Files.readString(dir.resolve("gzip.csv.rejects.jsonl")));
    }

    @Test
    void invalidUtf8IsRejectedNotReplaced() throws Exception {
        byte[] good = TestExports.goodLine(1).getBytes(StandardCharsets.UTF_8);
        byte[] bad = "{\"data_row\":{\"id\":\"caf\u00e9\"}}".getBytes(StandardCharsets.ISO_8859_1);
        Path source = dir.resolve("latin1.ndjson");
        Files.write(source, concat(good, "\n".getBytes(StandardCharsets.UTF_8), bad));
        Path csv = dir.resolve("latin1.csv");

        JobExecution run = jobs.run("audio-export", parameters(source, csv, 10));

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus());
        String rejects = Files.readString(Path.of(csv + ".rejects.jsonl"));
        assertTrue(rejects.startsWith("{\"line\":2,\"offset\":" + (good.length + 1)
                + ",\"reason\":\"the line is not valid UTF-8\""), rejects);
        assertEquals(new ExportTotals(2, 8, 1, 0), jobs.operations.totals(run.getExecutionId()));
    }

    /** JSON allows an escape of half a surrogate pair; UTF-8 has no bytes for it (it became '?'). */
    @Test
    void halfASurrogatePairIsRejectedNamingItsColumnAndAWholePairIsWritten() throws Exception {
        String lone = "{\"data_row\":{\"id\":\"d1\",\"global_key\":\"clip \\ud83d.wav\"}}";
        String pair = "{\"data_row\":{\"id\":\"d2\",\"global_key\":\"clip \\ud83d\\ude00.wav\"}}";
        Path source = Files.writeString(dir.resolve("surrogates.ndjson"), lone + "\n" + pair + "\n");
        Path csv = dir.resolve("surrogates.csv");

        JobExecution run = jobs.run("audio-export", parameters(source, csv, 10));

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus());
        String rejects = Files.readString(Path.of(csv + ".rejects.jsonl"));
        assertTrue(rejects.startsWith("{\"line\":1,\"offset\":0,\"reason\":\"data row d1: global_key holds half a "
                + "UTF-16 surrogate pair"), rejects);
        List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(rows.get(1).startsWith("d2,clip \ud83d\ude00.wav,"), rows.get(1));
    }

    private byte[] csvOf(Path source, String csvName) throws Exception {
        Path csv = dir.resolve(csvName);
        assertEquals(BatchStatus.COMPLETED, jobs.run("audio-export", parameters(source, csv, 2)).getBatchStatus());
        return Files.readAllBytes(csv);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    @Test
    void pastTheSkipLimitTheRunFailsSayingHowManyAndWhere() throws Exception {
        Path source = TestExports.write(dir.resolve("bad.ndjson"), 10, 2, 4, 6, 8);
        Path csv = dir.resolve("bad.csv");
        JobExecution run = jobs.run("audio-export", parameters(source, csv, 100, "skipLimit", "2"));

        assertEquals(BatchStatus.FAILED, run.getBatchStatus());
        String exit = run.getExitStatus();
        assertTrue(exit.startsWith("FAILED: 3 lines rejected, more than the skip limit of 2; see the rejects in "
                + csv + ".rejects.jsonl (last: line 6: "), exit);
    }

    @Test
    void aMissingSourceFailsWithItsName() throws Exception {
        Path csv = dir.resolve("none.csv");
        JobExecution run = jobs.run("audio-export", parameters(dir.resolve("missing.ndjson"), csv, 10));

        assertEquals(BatchStatus.FAILED, run.getBatchStatus());
        assertTrue(run.getExitStatus().contains("missing.ndjson does not exist"), run.getExitStatus());
    }

    /** Rows of TestExports' good lines: per label 1 radio + 1 nested text + 2 checklist answers. */
    static long goodRowCount(int count, int... bad) {
        long rows = 0;
        outer:
        for (int n = 1; n <= count; n++) {
            for (int b : bad) {
                if (b == n) {
                    continue outer;
                }
            }
            rows += 4L * (1 + n % 3);
        }
        return rows;
    }

    private static List<String> labelIds(Path export) throws Exception {
        return Files.readAllLines(export).stream()
                .map(line -> Json.createReader(new StringReader(line)).readObject())
                .flatMap(o -> o.getJsonObject("projects").values().stream())
                .flatMap(p -> p.asJsonObject().getJsonArray("labels").stream())
                .map(l -> l.asJsonObject().getString("id"))
                .toList();
    }

    static Path sample(String name) throws Exception {
        return Path.of(ExportJobTest.class.getResource("/samples/" + name).toURI());
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = ExportJobTest.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        }
    }
}
