package dev.audioexport.source;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileLineSourceTest {

    @TempDir
    Path dir;

    @Test
    void splitsLinesWithOffsetsAcrossLineEndsBomAndBlankLines() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path file = write("bom.ndjson", concat(bom, "{\"a\":1}\r\n\n  \r\n{\"b\":\"é\"}\n{\"c\":3}".getBytes(UTF_8)));

        List<ExportLine> lines = readAll(file, null);

        assertEquals(List.of("{\"a\":1}", "{\"b\":\"é\"}", "{\"c\":3}"), texts(lines));
        assertEquals(List.of(1L, 4L, 5L), lines.stream().map(ExportLine::lineNumber).toList());
        // BOM 3 + 7 + CRLF, LF, 2 spaces + CRLF, 10 bytes (é is two) + LF
        assertEquals(List.of(0L, 17L, 28L), lines.stream().map(ExportLine::byteOffset).toList());
    }

    @Test
    void resumingAtEachPositionGivesTheRestOfTheLines() throws IOException {
        Path file = write("plain.ndjson", "{\"n\":\"一\"}\n{\"n\":2}\r\n\n{\"n\":3}\n".getBytes(UTF_8));
        List<ExportLine> all = readAll(file, null);
        try (FileLineSource source = FileLineSource.open(file, null, 1024)) {
            for (int consumed = 0; consumed < all.size(); consumed++) {
                source.next();
                List<ExportLine> rest = readAll(file, source.position());
                assertEquals(texts(all.subList(consumed + 1, all.size())), texts(rest));
            }
        }
    }

    @Test
    void gzipIsDetectedByItsMagicBytesAndResumesAtTheUncompressedOffset() throws IOException {
        String text = "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n";
        Path plain = write("export.ndjson", text.getBytes(UTF_8));
        Path gzip = write("export.bin", gzip(text.getBytes(UTF_8)));

        assertEquals(texts(readAll(plain, null)), texts(readAll(gzip, null)));
        try (FileLineSource source = FileLineSource.open(gzip, null, 1024)) {
            source.next();
            FilePosition after = source.position();
            assertEquals(8, after.nextOffset());
            assertEquals(List.of("{\"n\":2}", "{\"n\":3}"), texts(readAll(gzip, after)));
        }
    }

    @Test
    void refusesToResumeOnAFileThatChanged() throws IOException {
        Path file = write("changing.ndjson", "{\"n\":1}\n{\"n\":2}\n".getBytes(UTF_8));
        FilePosition checkpoint;
        try (FileLineSource source = FileLineSource.open(file, null, 1024)) {
            source.next();
            checkpoint = source.position();
        }
        Files.write(file, "{\"n\":1}\n{\"n\":9}\n".getBytes(UTF_8));
        Files.setLastModifiedTime(file, FileTime.fromMillis(checkpoint.lastModifiedMillis() + 5000));

        SourceException e = assertThrows(SourceException.class, () -> FileLineSource.open(file, checkpoint, 1024));
        assertTrue(e.getMessage().contains("changed since the checkpoint"), e.getMessage());
        assertTrue(e.getMessage().contains("start a new run"), e.getMessage());
    }

    @Test
    void aLineLongerThanTheLimitComesBackTruncatedAndFlagged() throws IOException {
        Path file = write("long.ndjson", ("{\"a\":\"" + "x".repeat(100) + "\"}\n{\"b\":1}\n").getBytes(UTF_8));

        List<ExportLine> lines = readAll(file, null);

        assertTrue(lines.get(0).truncated());
        assertEquals(32, lines.get(0).bytes().length);
        assertFalse(lines.get(1).truncated());
        assertArrayEquals("{\"b\":1}".getBytes(UTF_8), lines.get(1).bytes());
    }

    @Test
    void emptyFileHasNoLines() throws IOException {
        Path file = write("empty.ndjson", new byte[0]);
        try (FileLineSource source = FileLineSource.open(file, null, 1024)) {
            assertNull(source.next());
            assertEquals(0, source.position().lineNumber());
        }
    }

    @Test
    void aMissingFileIsNamedInTheError() {
        SourceException e = assertThrows(SourceException.class,
                () -> Sources.open(dir.resolve("nope.ndjson").toString(), null));
        assertTrue(e.getMessage().contains("nope.ndjson"), e.getMessage());
    }

    @Test
    void aTruncatedGzipFailsNamingTheFileAfterTheLinesBeforeTheCut() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            text.append("{\"n\":").append(i).append(",\"pad\":\"").append(Integer.toHexString(i * 7919)).append("\"}\n");
        }
        byte[] whole = gzip(text.toString().getBytes(UTF_8));
        Path cut = write("cut.ndjson.gz", java.util.Arrays.copyOf(whole, whole.length / 2));
        List<String> read = new ArrayList<>();
        SourceException e = assertThrows(SourceException.class, () -> {
            try (FileLineSource source = FileLineSource.open(cut, null, 1024)) {
                for (ExportLine line = source.next(); line != null; line = source.next()) {
                    read.add(new String(line.bytes(), UTF_8));
                }
            }
        });
        assertTrue(e.getMessage().startsWith("Source file " + cut + " starts as gzip but is truncated or corrupt "
                + "after "), e.getMessage());
        assertTrue(read.size() > 100 && read.get(0).equals("{\"n\":0,\"pad\":\"0\"}"), "lines before the cut: " + read.size());
        Path notGzip = write("fake.gz", new byte[] {0x1f, (byte) 0x8b, 'n', 'o', 't'});
        assertTrue(assertThrows(SourceException.class, () -> FileLineSource.open(notGzip, null, 1024)).getMessage()
                .startsWith("Source file " + notGzip + " starts as gzip but is not valid gzip ("));
    }

    @Test
    void sourceUrisAreFileUrisOrPaths() {
        assertEquals("https://h.example/x.ndjson?...", Sources.redacted("https://u:p@h.example/x.ndjson?X-Sig=secret"));
        assertEquals("file:/data/x.ndjson", Sources.redacted("file:/data/x.ndjson"));
        assertEquals(Path.of("/data/x.ndjson"), Sources.filePath("file:/data/x.ndjson"));
        assertEquals(Path.of("/data/x.ndjson"), Sources.filePath("file:///data/x.ndjson"));
        assertEquals(Path.of("/data/x.ndjson"), Sources.filePath("file://localhost/data/x.ndjson"));
        assertEquals(Path.of("rel/x.ndjson"), Sources.filePath("rel/x.ndjson"));
        assertThrows(SourceException.class, () -> Sources.filePath("file://otherhost/data/x.ndjson"));
        SourceException e = assertThrows(SourceException.class, () -> Sources.filePath("ftp://host/x"));
        assertTrue(e.getMessage().contains("file:PATH"), e.getMessage());
    }

    private List<ExportLine> readAll(Path file, FilePosition from) throws IOException {
        List<ExportLine> lines = new ArrayList<>();
        try (FileLineSource source = FileLineSource.open(file, from, 32)) {
            for (ExportLine line = source.next(); line != null; line = source.next()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static List<String> texts(List<ExportLine> lines) {
        return lines.stream().map(l -> new String(l.bytes(), UTF_8)).toList();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
