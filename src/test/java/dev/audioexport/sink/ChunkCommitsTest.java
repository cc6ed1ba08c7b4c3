package dev.audioexport.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.audioexport.mapping.Column;
import dev.audioexport.mapping.CompanionTable;
import dev.audioexport.mapping.LineRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit protocol of N outputs, driven by hand: no batch runtime, a crash is a close without finish. */
class ChunkCommitsTest {

    @TempDir
    Path dir;

    /** Chunk n: two lines, each one long-table row and one metadata row with multibyte text. */
    private static List<LineRows> chunk(int n) {
        List<LineRows> lines = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String id = "dr" + n + "-" + i;
            String[] annotation = new String[Column.COUNT];
            annotation[Column.DATA_ROW_ID.ordinal()] = id;
            annotation[Column.ANSWER_TEXT.ordinal()] = "één, \"twee\"";
            lines.add(new LineRows(id, List.of(), List.<String[]>of(annotation), Map.of(CompanionTable.METADATA,
                    List.<String[]>of(new String[] {id, "0", "s", "speaker", "二", "{}"}))));
        }
        return lines;
    }

    private ChunkCommits<Integer> open(Path out, Map<String, Long> resume) throws IOException {
        Map<String, PipelinedSink> files = new LinkedHashMap<>();
        files.put("annotations", new PipelinedSink(CsvSink.open(out.resolve("annotations.csv"),
                resume == null ? null : resume.get("annotations")), "CSV annotations", "t-a"));
        files.put("metadata", new PipelinedSink(CsvSink.open(out.resolve("metadata.csv"),
                resume == null ? null : resume.get("metadata"), CompanionTable.METADATA), "CSV metadata", "t-m"));
        return new ChunkCommits<>(files, List.of());
    }

    @Test
    void aChunkCountsOnlyOnceEveryOutputCommittedItAndARestartFromItGivesTheSameFiles() throws Exception {
        Path whole = Files.createDirectory(dir.resolve("whole"));
        try (ChunkCommits<Integer> commits = open(whole, null)) {
            for (int n = 1; n <= 4; n++) {
                commits.handOver(chunk(n), n);
            }
            ChunkCommits.Committed<Integer> end = commits.finish(5);
            assertEquals(Files.size(whole.resolve("metadata.csv")), (long) end.lengths().get("metadata"));
        }

        Path crashed = Files.createDirectory(dir.resolve("crashed"));
        ChunkCommits.Committed<Integer> checkpoint;
        try (ChunkCommits<Integer> commits = open(crashed, null)) {
            assertNull(commits.handOver(chunk(1), 1), "nothing was in flight");
            checkpoint = commits.handOver(chunk(2), 2);
            assertEquals(1, checkpoint.marker(), "chunk 1 settles when chunk 2 is handed over");
            commits.handOver(chunk(3), 3);  // chunk 2 settles now, but the crash comes before it is saved
        }  // closed without finish: chunks 2 and 3 are on disk, past the saved checkpoint
        try (ChunkCommits<Integer> commits = open(crashed, checkpoint.lengths())) {
            for (int n = checkpoint.marker() + 1; n <= 4; n++) {
                commits.handOver(chunk(n), n);
            }
            commits.finish(5);
        }
        for (String file : List.of("annotations.csv", "metadata.csv")) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(file)), Files.readAllBytes(crashed.resolve(file)), file);
        }
    }

    @Test
    void anOutputThatFailsFailsTheSettleAndNothingOfItsChunkCounts() throws Exception {
        RowSink failing = new RowSink() {
            @Override
            public void write(LineRows line) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public long commit() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
        Map<String, PipelinedSink> files = new LinkedHashMap<>();
        files.put("annotations", new PipelinedSink(CsvSink.open(dir.resolve("a.csv"), null), "CSV a.csv", "t-a"));
        try (ChunkCommits<Integer> commits = new ChunkCommits<>(files,
                List.of(new PipelinedSink(failing, "table t", "t-t")))) {
            commits.handOver(chunk(1), 1);
            SinkException e = assertThrows(SinkException.class, commits::settle);
            assertEquals("Could not write to the table t: java.io.IOException: disk full", e.getMessage());
        }
    }
}
