package dev.audioexport.sink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.mapping.Column;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSinkTest {

    @TempDir
    Path dir;

    @Test
    void quotesOnlyWhatNeedsItAndDoublesQuotes() throws IOException {
        assertEquals("plain,,\"a,b\",\"say \"\"hi\"\"\",\"two\r\nlines\",\"lf\nonly\",\"cr\r\",é 日本\r\n",
                record("plain", null, "a,b", "say \"hi\"", "two\r\nlines", "lf\nonly", "cr\r", "é 日本"));
        assertEquals("\"\"\"\"\r\n", record("\""));
        assertEquals(",\r\n", record("", ""));
    }

    /** The bytes needing quotes are looked for a word of 8 at a time: each one, anywhere, beside any UTF-8. */
    @Test
    void quotesAFieldWhereverItsSpecialByteIs() {
        for (String special : List.of("\"", ",", "\n", "\r")) {
            for (int length = 1; length <= 20; length++) {
                for (int at = 0; at < length; at++) {
                    String field = "é".repeat(at % 3) + "x".repeat(at - at % 3) + special + "日".repeat(length - at - 1);
                    String expected = "\"" + field.replace("\"", "\"\"") + "\"";
                    assertEquals(expected, new String(CsvSink.encode(field), UTF_8), field);
                }
            }
        }
        for (int length = 1; length <= 20; length++) {
            String plain = "a-é;\t日".repeat(length).substring(0, length);
            assertEquals(plain, new String(CsvSink.encode(plain), UTF_8));
        }
    }

    @Test
    void aFileAnotherRunIsWritingIsRefusedAndLeftAlone() throws IOException {
        Path csv = dir.resolve("busy.csv");
        try (CsvSink first = CsvSink.open(csv, null)) {
            first.write(List.<String[]>of(new String[Column.COUNT]));
            first.commit();
            long length = Files.size(csv);
            SinkException e = assertThrows(SinkException.class, () -> CsvSink.open(csv, null));
            assertEquals("Output file " + csv + " is being written by another run; wait for it to end, or choose "
                    + "another file.", e.getMessage());
            assertEquals(length, Files.size(csv), "not truncated by the refused run");
        }
        CsvSink.open(csv, null).close();  // free once the first has closed
        assertEquals("Output file /dev/null is not a regular file: choose a file's path.",
                assertThrows(SinkException.class, () -> CsvSink.open(Path.of("/dev/null"), null)).getMessage());
    }

    @Test
    void repeatedFieldsAreEncodedLikeFreshOnes() throws IOException {
        Path csv = dir.resolve("repeat.csv");
        String shared = "a,\"b\"";
        String[] first = row(shared);
        String[] second = row(shared);
        second[1] = "x";
        String[] third = row(new String(shared));
        try (CsvSink sink = CsvSink.open(csv, null)) {
            sink.write(List.of(first, second, third));
            sink.commit();
        }
        String header = String.join(",", Column.names()) + "\r\n";
        assertEquals(header + record(first) + record(second) + record(third), Files.readString(csv));
    }

    @Test
    void freshFileStartsWithTheContractHeaderInCrlfUtf8WithoutBom() throws IOException {
        Path csv = dir.resolve("out.csv");
        try (CsvSink sink = CsvSink.open(csv, null)) {
            sink.write(List.<String[]>of(row("x")));
            sink.commit();
        }
        byte[] bytes = Files.readAllBytes(csv);
        String text = new String(bytes, UTF_8);
        assertEquals('d', text.charAt(0));
        assertTrue(text.startsWith(String.join(",", Column.names()) + "\r\n"));
        assertEquals(2, text.split("\r\n").length);
    }

    @Test
    void restartTruncatesToTheCheckpointAndNeverRepeatsTheHeader() throws IOException {
        Path csv = dir.resolve("out.csv");
        long committed;
        try (CsvSink sink = CsvSink.open(csv, null)) {
            sink.write(List.<String[]>of(row("één")));
            committed = sink.commit();
            sink.write(List.<String[]>of(row("lost after the checkpoint")));
        }
        try (CsvSink sink = CsvSink.open(csv, committed)) {
            sink.write(List.<String[]>of(row("二")));
            sink.commit();
        }
        String text = Files.readString(csv);
        assertEquals(String.join(",", Column.names()) + "\r\n" + record(row("één")) + record(row("二")), text);
    }

    @Test
    void refusesToResumeAFileShorterThanItsCheckpoint() throws IOException {
        Path csv = dir.resolve("out.csv");
        Files.writeString(csv, "short");
        SinkException e = assertThrows(SinkException.class, () -> CsvSink.open(csv, 1000L));
        assertTrue(e.getMessage().contains("shorter (5 bytes) than its checkpoint (1000 bytes)"), e.getMessage());
    }

    @Test
    void aMissingDirectoryIsNamed() {
        SinkException e = assertThrows(SinkException.class, () -> CsvSink.open(dir.resolve("no/out.csv"), null));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void rejectsAreJsonLinesWithTheRawLineCutTo4KiB() throws IOException {
        Path file = dir.resolve("rejects.jsonl");
        byte[] longLine = ("é".repeat(3000)).getBytes(UTF_8);
        try (RejectsSink rejects = RejectsSink.open(file, null)) {
            rejects.reject(7, 1234, "field data_row.id is missing", "{\"a\":\"\n\"}".getBytes(UTF_8));
            rejects.reject(8, 5678, "too long", longLine);
            rejects.commit();
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals("{\"line\":7,\"offset\":1234,\"reason\":\"field data_row.id is missing\",\"raw\":\"{\\\"a\\\":\\\"\\n\\\"}\"}",
                lines.get(0));
        assertTrue(lines.get(1).contains("\"raw\":\"" + "é".repeat(2048) + "\""), "cut at a character boundary");
    }

    private static String[] row(String first) {
        String[] row = new String[Column.COUNT];
        row[0] = first;
        return row;
    }

    private static String record(String... fields) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvSink.writeRecord(out, fields);
        return out.toString(UTF_8);
    }
}
