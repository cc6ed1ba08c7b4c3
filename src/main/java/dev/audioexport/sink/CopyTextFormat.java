package dev.audioexport.sink;

import dev.audioexport.mapping.Column;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Rows in PostgreSQL's COPY text format, as UTF-8 bytes: tab between values, newline after each
 * row, {@code \N} for null, backslash escapes for backslash, tab, CR and LF. Typed values are
 * checked and written in their canonical form ({@code 12.0} becomes {@code 12}). The rows of one
 * export line share most of their values as the very same strings; a value identical to the
 * previous row's reuses its encoding.
 */
final class CopyTextFormat {

    private static final Column[] COLUMNS = Column.values();
    static final byte[] NULL = {'\\', 'N'};

    private final String[] previous = new String[Column.COUNT];
    private final byte[][] previousEncoded = new byte[Column.COUNT][];

    void writeRow(OutputStream out, String[] row) throws IOException, RowValueException {
        for (Column column : COLUMNS) {
            if (column.ordinal() > 0) {
                out.write('\t');
            }
            out.write(encoded(row, column));
        }
        out.write('\n');
    }

    private byte[] encoded(String[] row, Column column) throws RowValueException {
        int index = column.ordinal();
        String value = row[index];
        if (value == null) {
            return NULL;
        }
        if (value == previous[index] && previousEncoded[index] != null) {
            return previousEncoded[index];
        }
        byte[] bytes = escaped(TableValues.typed(row, column, value).toString());
        previous[index] = value;
        previousEncoded[index] = bytes;
        return bytes;
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
