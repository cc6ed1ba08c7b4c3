package dev.audioexport.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.audioexport.mapping.Column;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundRowSinkTest {

    @TempDir
    Path dir;

    @Test
    void writesInOrderAndCommitsExactlyWhatTheDirectSinkWould() throws IOException {
        List<List<String[]>> chunks = new ArrayList<>();
        for (int c = 0; c < 50; c++) {
            List<String[]> rows = new ArrayList<>();
            for (int r = 0; r < 20; r++) {
                String[] row = new String[Column.COUNT];
                row[0] = "chunk " + c + ", row " + r;
                rows.add(row);
            }
            chunks.add(rows);
        }
        long direct = writeAll(CsvSink.open(dir.resolve("direct.csv"), null), chunks);
        long background = writeAll(new BackgroundRowSink(CsvSink.open(dir.resolve("bg.csv"), null), "test-writer"),
                chunks);

        assertEquals(direct, background);
        assertEquals(direct, Files.size(dir.resolve("bg.csv")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("direct.csv")), Files.readAllBytes(dir.resolve("bg.csv")));
    }

    @Test
    void aFailedWriteSurfacesAtTheNextCallAndNothingAfterItIsWritten() throws IOException {
        List<String> written = new ArrayList<>();
        RowSink failing = new RowSink() {
            @Override
            public void write(List<String[]> rows) throws IOException {
                if (rows.get(0)[0].equals("bad")) {
                    throw new IOException("disk full");
                }
                written.add(rows.get(0)[0]);
            }

            @Override
            public long commit() {
                return written.size();
            }

            @Override
            public void close() {
            }
        };
        try (BackgroundRowSink sink = new BackgroundRowSink(failing, "test-writer")) {
            sink.write(List.<String[]>of(new String[] {"ok"}));
            sink.write(List.<String[]>of(new String[] {"bad"}));
            IOException e = assertThrows(IOException.class, () -> {
                sink.write(List.<String[]>of(new String[] {"after"}));  // may already see the failure
                sink.commit();
            });
            assertEquals("disk full", e.getMessage());
        }
        assertEquals(List.of("ok"), written);
    }

    private static long writeAll(RowSink sink, List<List<String[]>> chunks) throws IOException {
        try (sink) {
            long committed = 0;
            for (List<String[]> rows : chunks) {
                sink.write(rows);
                committed = sink.commit();
            }
            return committed;
        }
    }
}
