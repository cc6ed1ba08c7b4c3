package dev.audioexport.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * A reject's message is a function of the line alone. Parsson's error location goes wrong once a
 * token outgrows its buffer (doubled while it is read), by an amount that depends on the size the
 * buffer started at; its shared pool hands a doubled buffer to the next parser. So the column in
 * a reject depended on the lines parsed before, in any decoder of the JVM, and the fast path,
 * which keeps most lines away from Parsson, changed it.
 * Found by {@link ParserDifferentialTest}'s generator (LineDecoderDifferentialTest, seed 21 line
 * 2347 with 60,000 lines: column 65180 from the previous path, 59565 from the line decoder).
 */
class RejectMessageHistoryTest {

    /** A token past Parsson's 4,096-char buffer, then content after the object. */
    private static final String BAD = "{\"data_row\":{\"id\":\"d\"},\"k\":\"" + "x".repeat(70_000) + "\"} 1";
    /** A valid line whose token grows Parsson's buffer to 512k chars. */
    private static final String LONG = "{\"data_row\":{\"id\":\"d\"},\"k\":\"" + "y".repeat(300_000) + "\"}";
    private static final String SHORT = "{\"data_row\":{\"id\":\"d\"}}";

    /** What the previous version said from a fresh pool (buffers of 4,096 chars): Parsson's own column. */
    private static final String FRESH = "not valid JSON at column 140035: Expected EOF token, but got NUMBER";

    @Test
    void rejectMessageDoesNotDependOnTheLinesParsedBefore() throws Exception {
        StreamingExportDecoder decoder = new StreamingExportDecoder();
        StreamingExportDecoder other = new StreamingExportDecoder();
        String first = reject(decoder, BAD);
        assertEquals(FRESH, first);
        other.decode(LONG);  // another thread's decoder, through Parsson
        // Parsson's pool queues each buffer a long token outgrew; every parse takes the oldest
        // and gives it back last, so the lines after bring each size in turn to the next reject
        for (int line = 0; line < 30; line++) {
            decoder.decode(line % 10 == 0 ? LONG : SHORT);  // as lines the fast path leaves to Parsson
            assertEquals(first, reject(decoder, BAD), "after line " + line);
        }
    }

    private static String reject(StreamingExportDecoder decoder, String line) {
        return assertThrows(MalformedLineException.class, () -> decoder.decode(line)).getMessage();
    }
}
