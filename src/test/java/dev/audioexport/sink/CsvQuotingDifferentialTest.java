package dev.audioexport.sink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The CSV field encoding (quoting found a word of 8 bytes at a time) against the simple rule it
 * replaced: UTF-8, and quoted with quotes doubled when the text holds a quote, comma, CR or LF.
 */
class CsvQuotingDifferentialTest {

    /** Characters of 1 to 4 UTF-8 bytes, the four that need quoting, bytes near them, lone surrogates. */
    private static final String[] CHARS = {"a", "\"", ",", "\r", "\n", "!", "#", "+", "-", "\u000b", "\u000c",
        "\u000e", "\u0000", "\u007f", "é", "\u0122", "\u012c", "\u010a", "日", "\u202c", "\u2022", "😀",
        "\uD834\uDD22", "\ud800", "\udc00", " "};

    @Test
    void quotesExactlyAsTheSimpleRule() {
        Random random = new Random(42);
        int fields = 0;
        for (int length = 0; length <= 40; length++) {
            for (int n = 0; n < 300; n++) {
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < length; i++) {
                    text.append(random.nextInt(4) == 0 ? CHARS[random.nextInt(CHARS.length)] : "x");
                }
                check(text.toString());
                fields++;
            }
        }
        // one special character at every position of plain fields of every length to 40
        for (int length = 1; length <= 40; length++) {
            for (int at = 0; at < length; at++) {
                for (String special : CHARS) {
                    check("y".repeat(at) + special + "y".repeat(length - at - 1));
                    check("é".repeat(at) + special + "日".repeat(length - at - 1));
                    fields += 2;
                }
            }
        }
        System.out.printf("CsvQuotingDifferentialTest: %d fields%n", fields);
    }

    private static void check(String value) {
        assertArrayEquals(simpleRule(value), CsvSink.encode(value), value);
    }

    private static byte[] simpleRule(String value) {
        if (value == null || value.isEmpty()) {
            return new byte[0];
        }
        byte[] body = value.getBytes(StandardCharsets.UTF_8);
        if (value.indexOf('"') < 0 && value.indexOf(',') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('"');
        out.writeBytes(value.replace("\"", "\"\"").getBytes(StandardCharsets.UTF_8));
        out.write('"');
        return out.toByteArray();
    }
}
