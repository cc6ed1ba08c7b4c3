package dev.audioexport.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.mapping.Column;
import dev.audioexport.mapping.LineRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelinedSinkTest {

    @TempDir
    Path dir;

    @Test
    void writesInOrderAndCommitsExactlyWhatTheDirectSinkWould() throws IOException {
        List<List<List<String[]>>> chunks = new ArrayList<>();
        for (int c = 0; c < 50; c++) {
            List<List<String[]>> lines = new ArrayList<>();
            for (int r = 0; r < 20; r++) {
                String[] row = new String[Column.COUNT];
                row[0] = "chunk " + c + ", line " + r;
                lines.add(List.<String[]>of(row, row.clone()));
            }
            chunks.add(lines);
        }
        long direct;
        try (CsvSink sink = CsvSink.open(dir.resolve("direct.csv"), null)) {
            for (List<List<String[]>> lines : chunks) {
                lines.forEach(rows -> write(sink, rows));
                sink.commit();
            }
            direct = sink.commit();
        }
        long pipelined;
        try (PipelinedSink sink = new PipelinedSink(CsvSink.open(dir.resolve("bg.csv"), null), "CSV", "test")) {
            for (List<List<String[]>> lines : chunks) {
                sink.commitInBackground(lines.stream().map(LineRows::annotationsOnly).toList());
            }
            pipelined = sink.awaitCommitted();
        }
        assertEquals(direct, pipelined);
        assertEquals(direct, Files.size(dir.resolve("bg.csv")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("direct.csv")), Files.readAllBytes(dir.resolve("bg.csv")));
    }

    @Test
    void aFailedChunkShowsAtTheNextWaitNamingTheOutput() throws IOException {
        List<String> committed = new ArrayList<>();
        RowSink failing = new RowSink() {
            private final List<String> pending = new ArrayList<>();

            @Override
            public void write(LineRows line) throws IOException {
                List<String[]> rows = line.annotations();
                if (rows.get(0)[0].equals("bad")) {
                    throw new IOException("disk full");
                }
                pending.add(rows.get(0)[0]);
            }

            @Override
            public long commit() {
                committed.addAll(pending);
                pending.clear();
                return committed.size();
            }

            @Override
            public void close() {
            }
        };
        try (PipelinedSink sink = new PipelinedSink(failing, "CSV x.csv", "test")) {
            sink.commitInBackground(List.of(LineRows.annotationsOnly(List.<String[]>of(new String[] {"ok"}))));
            assertEquals(1, sink.awaitCommitted());
            sink.commitInBackground(List.of(LineRows.annotationsOnly(List.<String[]>of(new String[] {"bad"}))));
            SinkException e = assertThrows(SinkException.class, sink::awaitCommitted);
            assertTrue(e.getMessage().startsWith("Could not write to the CSV x.csv: java.io.IOException: disk full"),
                    e.getMessage());
            assertThrows(SinkException.class, sink::awaitCommitted, "a failure is never forgotten");
            assertThrows(SinkException.class, () -> sink.commitInBackground(List.of(LineRows.annotationsOnly(List.<String[]>of(new String[] {"later"})))));
        }
        assertEquals(List.of("ok"), committed);
    }

    private static void write(CsvSink sink, List<String[]> rows) {
        try {
            sink.write(rows);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
