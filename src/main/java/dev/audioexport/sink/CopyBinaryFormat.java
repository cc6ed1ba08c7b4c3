package dev.audioexport.sink;

import dev.audioexport.mapping.Column;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Rows of the long table in PostgreSQL's binary COPY format: a header, then per row the field
 * count and each field as its length and bytes (-1 for null): text as UTF-8, bigint as 8 bytes,
 * boolean as 1 byte; a trailer of -1. The server then only copies text and reads integers where
 * the text format makes it scan every byte for delimiters and escapes and parse every number
 * (measured: 0.5 s less server CPU on 328k rows, 3.1 s against 3.6 s for psql's CSV), and the
 * client has nothing to escape. The rows of one export line share most values as the very same
 * strings, and such a value reuses the previous row's bytes or number.
 *
 * <p>Integers and booleans are parsed here (a value that is not one fails the commit, naming row
 * and column: {@link TableValues}). Text is not checked again: the step checked every value of
 * the line before it reached the sink ({@link TableValues#check}, which rejects the line), and
 * PostgreSQL refuses what that check looks for anyway (a NUL, an index entry too long), failing
 * the chunk. That second check was a fifth of the table thread's CPU with the quick compiler the
 * launcher picks for database loads (a byte loop over every text value; JFR, 100 MB load).
 */
final class CopyBinaryFormat {

    private static final Column[] COLUMNS = Column.values();
    private static final byte TEXT = 0;
    private static final byte INTEGER = 1;
    private static final byte BOOLEAN = 2;
    /** Each column's kind by ordinal, rather than two set lookups per value. */
    private static final byte[] KINDS = kinds();
    /** PGCOPY, newline, 0xFF, CR, LF, NUL; no flags; no header extension. */
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};

    private final String[] previous = new String[Column.COUNT];
    private final byte[][] previousText = new byte[Column.COUNT][];
    private final long[] previousNumber = new long[Column.COUNT];

    private static byte[] kinds() {
        byte[] kinds = new byte[Column.COUNT];
        for (Column column : COLUMNS) {
            kinds[column.ordinal()] = TableValues.INTEGERS.contains(column) ? INTEGER
                    : TableValues.BOOLEANS.contains(column) ? BOOLEAN : TEXT;
        }
        return kinds;
    }

    /** The COPY statement this format needs: {@code COPY <table> (<columns>) FROM STDIN (FORMAT binary)}. */
    static String copySql(String quotedTable, String columns) {
        return "COPY " + quotedTable + " (" + columns + ") FROM STDIN (FORMAT binary)";
    }

    void writeHeader(CopyStream out) throws IOException {
        out.write(HEADER);
    }

    void writeRow(CopyStream out, String[] row) throws IOException, RowValueException {
        out.writeShort(Column.COUNT);
        for (int index = 0; index < Column.COUNT; index++) {
            String value = row[index];
            if (value == null) {
                out.writeInt(-1);
            } else if (KINDS[index] == INTEGER) {
                out.writeInt(8);
                out.writeLong(number(row, index, value));
            } else if (KINDS[index] == BOOLEAN) {
                out.writeInt(1);
                out.write(TableValues.bool(row, COLUMNS[index], value) ? 1 : 0);
            } else {
                byte[] text = text(index, value);
                out.writeInt(text.length);
                out.write(text);
            }
        }
    }

    void writeTrailer(CopyStream out) throws IOException {
        out.writeShort(-1);
    }

    private long number(String[] row, int index, String value) throws RowValueException {
        if (value != previous[index]) {
            previousNumber[index] = TableValues.integer(row, COLUMNS[index], value);
            previous[index] = value;
        }
        return previousNumber[index];
    }

    private byte[] text(int index, String value) {
        if (value != previous[index]) {
            previousText[index] = value.getBytes(StandardCharsets.UTF_8);
            previous[index] = value;
        }
        return previousText[index];
    }
}
