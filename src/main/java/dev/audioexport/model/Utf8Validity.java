package dev.audioexport.model;

/**
 * Whether bytes are well-formed UTF-8 (Unicode table 3-7, as the JDK's decoder has it: no
 * overlong forms, no surrogates, nothing past U+10FFFF, no sequence cut short), checked
 * without decoding: runs of ASCII a word at a time ({@link Utf8Text#firstNonAscii}), the rest
 * byte by byte.
 */
final class Utf8Validity {

    private Utf8Validity() {
    }

    static boolean isValid(byte[] bytes) {
        int at = 0;
        while ((at = Utf8Text.firstNonAscii(bytes, at)) < bytes.length) {
            at = endOfSequence(bytes, at);
            if (at < 0) {
                return false;
            }
        }
        return true;
    }

    /** The index after the valid multi-byte sequence at {@code at}, or -1. */
    private static int endOfSequence(byte[] b, int at) {
        int lead = b[at] & 0xFF;
        int length;
        int secondLow = 0x80;
        int secondHigh = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                secondLow = 0xA0;   // overlong below
            } else if (lead == 0xED) {
                secondHigh = 0x9F;  // surrogates above
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                secondLow = 0x90;   // overlong below
            } else if (lead == 0xF4) {
                secondHigh = 0x8F;  // past U+10FFFF above
            }
        } else {
            return -1;
        }
        if (at + length > b.length) {
            return -1;
        }
        int second = b[at + 1] & 0xFF;
        if (second < secondLow || second > secondHigh) {
            return -1;
        }
        for (int k = 2; k < length; k++) {
            if ((b[at + k] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return at + length;
    }
}
