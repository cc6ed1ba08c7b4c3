package dev.audioexport.batch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.model.MalformedLineException;
import dev.audioexport.source.ExportLine;
import dev.audioexport.source.FileLineSource;
import dev.audioexport.source.LineSource;
import dev.audioexport.source.SourceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodingReadAheadTest {

    private static final int MAX_LINE = 4 << 20;

    @TempDir
    Path dir;

    /**
     * Sample lines, blank lines, a line that is not JSON, one that is not UTF-8 and one longer
     * than what is decoded ahead, read through the read-ahead and, in step, straight from the
     * file: the same lines, records (or reasons), positions and byte counts after each line.
     */
    @Test
    void givesWhatTheSourceReadInStepGivesAfterEveryLine() throws Exception {
        Path file = dir.resolve("export.ndjson");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] sample = sample();
        for (int copy = 0; copy < 40; copy++) {  // more lines than wait ahead
            bytes.write(sample);
            bytes.write("\n  \r\n{\"data_row\": [1, 2}\n".getBytes(UTF_8));
            bytes.write(new byte[] {'{', '"', (byte) 0xC3, '"', '}', '\n'});
        }
        char[] pad = new char[DecodingReadAhead.LONG_LINE + 10];
        Arrays.fill(pad, 'é');
        bytes.write(("{\"data_row\":{\"id\":\"long\",\"row_data\":\"" + new String(pad) + "\"}}\n").getBytes(UTF_8));
        bytes.write(sample);
        Files.write(file, bytes.toByteArray());

        int lines = 0;
        try (LineSource inStep = FileLineSource.open(file, null, MAX_LINE);
             DecodingReadAhead ahead = new DecodingReadAhead(FileLineSource.open(file, null, MAX_LINE), "test-decode")) {
            LineDecoder decoder = new LineDecoder();
            for (ExportLine expected = inStep.next(); expected != null; expected = inStep.next()) {
                ExportLine line = ahead.next();
                assertEquals(expected.lineNumber(), line.lineNumber());
                assertEquals(expected.byteOffset(), line.byteOffset());
                assertArrayEquals(expected.bytes(), line.bytes());
                assertEquals(inStep.position(), ahead.position());
                assertEquals(inStep.bytesConsumed(), ahead.bytesConsumed());
                assertEquals(outcome(decoder, expected), outcomeAhead(ahead, line));
                lines++;
            }
            assertNull(ahead.next());
            assertEquals(inStep.position(), ahead.position());
            assertEquals(inStep.bytesConsumed(), ahead.bytesConsumed());
        }
        assertEquals(40 * (sampleLines() + 2) + 1 + sampleLines(), lines);
    }

    /** A read that fails (a truncated gzip file) fails at the same line, with the same position. */
    @Test
    void aFailedReadIsReportedWhereTheSourceFailed() throws Exception {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzip)) {
            for (int copy = 0; copy < 200; copy++) {
                out.write(sample());
            }
        }
        Path file = dir.resolve("cut.ndjson.gz");
        Files.write(file, Arrays.copyOf(gzip.toByteArray(), gzip.size() / 2));

        try (LineSource inStep = FileLineSource.open(file, null, MAX_LINE);
             DecodingReadAhead ahead = new DecodingReadAhead(FileLineSource.open(file, null, MAX_LINE), "test-decode")) {
            while (true) {
                ExportLine expected;
                try {
                    expected = inStep.next();
                } catch (SourceException e) {
                    SourceException seen = assertThrows(SourceException.class, ahead::next);
                    assertEquals(e.getMessage(), seen.getMessage());
                    assertEquals(inStep.position(), ahead.position());
                    assertEquals(inStep.bytesConsumed(), ahead.bytesConsumed());
                    assertTrue(inStep.position().lineNumber() > 0);
                    return;
                }
                assertEquals(expected.lineNumber(), ahead.next().lineNumber());
                assertEquals(inStep.position(), ahead.position());
            }
        }
    }

    private static Object outcome(LineDecoder decoder, ExportLine line) {
        try {
            return decoder.decode(line);
        } catch (MalformedLineException e) {
            return e.getMessage();
        }
    }

    private static Object outcomeAhead(DecodingReadAhead ahead, ExportLine line) {
        try {
            return ahead.decoded(line, new LineDecoder());
        } catch (MalformedLineException e) {
            return e.getMessage();
        }
    }

    private static byte[] sample() throws IOException {
        try (InputStream in = DecodingReadAheadTest.class.getResourceAsStream("/samples/seed-audio-export.ndjson")) {
            return in.readAllBytes();
        }
    }

    private static int sampleLines() throws IOException {
        return (int) new String(sample(), UTF_8).lines().filter(line -> !line.isBlank()).count();
    }
}
