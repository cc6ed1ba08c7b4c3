package dev.audioexport.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * {@link Utf8Validity} against the JDK's decoder (which the previous path used to refuse a
 * line): every lead byte followed by up to three bytes from the values where the UTF-8 tables
 * change, at every offset within a word, alone, cut short and before ASCII.
 */
class Utf8ValidityDifferentialTest {

    private static final int[] NEXT = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF, 0xE0,
        0xED, 0xF4, 0xFF};

    @Test
    void agreesWithTheJdkOnEveryLeadByteAndItsContinuations() {
        int checked = 0;
        for (int lead = 0x80; lead <= 0xFF; lead++) {
            checked += sequences(new byte[] {(byte) lead, 0, 0, 0}, 1);
        }
        System.out.printf("Utf8ValidityDifferentialTest: %d byte strings%n", checked);
    }

    /** Checks the sequence's first {@code length} bytes, then each longer one with every next byte. */
    private static int sequences(byte[] sequence, int length) {
        int pad = (sequence[0] + sequence[1] + sequence[2] + sequence[3] + length) & 7;  // where it falls in a word
        check(sequence, length, pad, length % 2 == 0 ? 0 : 3);
        int checked = 1;
        if (length < 4) {
            for (int next : NEXT) {
                sequence[length] = (byte) next;
                checked += sequences(sequence, length + 1);
            }
            sequence[length] = 0;
        }
        return checked;
    }

    private static void check(byte[] sequence, int length, int pad, int after) {
        byte[] bytes = new byte[pad + length + after];
        java.util.Arrays.fill(bytes, (byte) 'a');
        System.arraycopy(sequence, 0, bytes, pad, length);
        boolean jdk = ParserDifferentialTest.utf8(bytes) != null;
        assertEquals(jdk, Utf8Validity.isValid(bytes), () -> HexFormat.of().formatHex(bytes));
    }
}
