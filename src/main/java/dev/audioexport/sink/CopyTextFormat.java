package dev.audioexport.sink;

import java.nio.charset.StandardCharsets;

/**
 * Values in PostgreSQL's COPY text format, as the companion tables are loaded (their numeric
 * columns have no simple binary form; the long table goes in {@link CopyBinaryFormat}): UTF-8
 * bytes, {@code \N} for null, backslash escapes for backslash, tab, CR and LF; the caller puts a
 * tab between values and a newline after each row.
 */
final class CopyTextFormat {

    static final byte[] NULL = {'\\', 'N'};

    private CopyTextFormat() {
    }

    static byte[] escaped(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int escapes = 0;
        for (byte b : bytes) {
            if (escape(b) != 0) {
                escapes++;
            }
        }
        if (escapes == 0) {
            return bytes;
        }
        byte[] out = new byte[bytes.length + escapes];
        int at = 0;
        for (byte b : bytes) {
            byte escape = escape(b);
            if (escape != 0) {
                out[at++] = '\\';
                out[at++] = escape;
            } else {
                out[at++] = b;
            }
        }
        return out;
    }

    /** The letter after the backslash, or 0 when the byte stands as it is (UTF-8 continuation bytes are >= 0x80). */
    private static byte escape(byte b) {
        return switch (b) {
            case '\\' -> '\\';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\r' -> 'r';
            default -> 0;
        };
    }
}
