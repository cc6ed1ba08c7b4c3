package dev.audioexport.sink;

import dev.audioexport.mapping.Column;
import dev.audioexport.mapping.CompanionTable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Row values that UTF-8 cannot hold: half a surrogate pair. A JSON escape of one (backslash, u,
 * D83D) without the other half is valid JSON, but encoded for the CSV or the table it
 * became '?' without a word. Such a line is rejected instead, naming the column, as invalid UTF-8
 * is. Only a line whose bytes hold such an escape needs its values looked at, and finding none
 * costs one pass over the bytes, a word of 8 at a time.
 */
public final class Utf8Values {

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final Column[] COLUMNS = Column.values();

    private Utf8Values() {
    }

    /** False when no string of this JSON line can hold a surrogate: it has no escape of one (backslash, u, D800-DFFF). */
    public static boolean maySplitASurrogatePair(byte[] json) {
        int at = 0;
        for (int wordsEnd = json.length - 7; at < wordsEnd; at += 8) {
            long notBackslash = (long) WORDS.get(json, at) ^ BACKSLASHES;
            // a zero byte, i.e. a backslash, in the word (the classic "has a zero byte" test)
            if (((notBackslash - ONES) & ~notBackslash & HIGH_BITS) != 0 && surrogateEscape(json, at, at + 8)) {
                return true;
            }
        }
        return surrogateEscape(json, at, json.length);
    }

    private static boolean surrogateEscape(byte[] json, int from, int to) {
        for (int i = from; i < to && i + 3 < json.length; i++) {
            if (json[i] == '\\' && json[i + 1] == 'u' && (json[i + 2] | 0x20) == 'd') {
                int third = json[i + 3] | 0x20;
                if (third == '8' || third == '9' || (third >= 'a' && third <= 'f')) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Throws, naming data row, label and column, when a value holds half a surrogate pair. */
    public static void check(List<String[]> rows) throws RowValueException {
        for (String[] row : rows) {
            for (Column column : COLUMNS) {
                String value = row[column.ordinal()];
                if (value != null && splitsASurrogatePair(value)) {
                    throw new RowValueException(row, column, "holds half a UTF-16 surrogate pair (a \\uD800-\\uDFFF "
                            + "escape without its other half), which UTF-8 cannot encode: fix the text in the export");
                }
            }
        }
    }

    /** As {@link #check(List)}, for a companion table's rows. */
    public static void check(CompanionTable table, List<String[]> rows) throws RowValueException {
        List<String> names = table.columnNames();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (row[i] != null && splitsASurrogatePair(row[i])) {
                    throw new RowValueException(CompanionValues.where(table, row) + names.get(i) + " holds half a "
                            + "UTF-16 surrogate pair (a \\uD800-\\uDFFF escape without its other half), which "
                            + "UTF-8 cannot encode: fix the text in the export");
                }
            }
        }
    }

    private static boolean splitsASurrogatePair(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
