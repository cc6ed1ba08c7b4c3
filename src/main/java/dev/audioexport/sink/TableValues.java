package dev.audioexport.sink;

import dev.audioexport.mapping.Column;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table's typed columns and how the contract's text values become them. Integers: a number
 * as written whose value is whole and fits 64 bits ({@code 12}, {@code 12.0}, {@code 1.2e1});
 * anything else ({@code 12.5}) is refused rather than rounded. Booleans: {@code true}/{@code false}.
 * Text: anything without a NUL character (PostgreSQL text cannot hold one); the indexed ones
 * no longer than their index can hold ({@link #INDEXED_BYTES}).
 */
public final class TableValues {

    static final Set<Column> INTEGERS = EnumSet.of(Column.SECONDS_TO_CREATE, Column.SECONDS_TO_REVIEW,
            Column.START_MS, Column.END_MS);
    static final Set<Column> BOOLEANS = EnumSet.of(Column.SKIPPED);
    /**
     * UTF-8 bytes at most of the indexed text columns. PostgreSQL's B-tree entry holds 2704
     * bytes: a longer value fails its whole chunk, again at every restart; (data_row_id,
     * project_id) share one entry. The same limits on H2, so a line fits both or neither.
     */
    static final Map<Column, Integer> INDEXED_BYTES = new EnumMap<>(Map.of(Column.DATA_ROW_ID, 1000,
            Column.PROJECT_ID, 1000, Column.LABEL_ID, 1000, Column.CLASSIFICATION_PATH, 2400));

    private static final Column[] COLUMNS = Column.values();
    /**
     * By ordinal, what {@link #typed} looks up per value (the step checks every value of every
     * line, on the quick compiler for database loads): 1 integer, 2 boolean, 0 text; and the
     * indexed text's byte limit, 0 for none.
     */
    private static final byte[] KINDS = new byte[Column.COUNT];
    private static final int[] LIMITS = new int[Column.COUNT];

    static {
        for (Column column : COLUMNS) {
            KINDS[column.ordinal()] = (byte) (INTEGERS.contains(column) ? 1 : BOOLEANS.contains(column) ? 2 : 0);
            LIMITS[column.ordinal()] = INDEXED_BYTES.getOrDefault(column, 0);
        }
    }

    private TableValues() {
    }

    /**
     * Checks that every value of the rows fits its column; the exception names the row and
     * column. The rows of one line share most values as the very same strings: each is checked once.
     */
    public static void check(List<String[]> rows) throws RowValueException {
        String[] previous = new String[Column.COUNT];
        for (String[] row : rows) {
            for (Column column : COLUMNS) {
                String value = row[column.ordinal()];
                if (value != null && value != previous[column.ordinal()]) {
                    typed(row, column, value);
                    previous[column.ordinal()] = value;
                }
            }
        }
    }

    /** The value as the column holds it: Long, Boolean or String. */
    static Object typed(String[] row, Column column, String value) throws RowValueException {
        int index = column.ordinal();
        if (KINDS[index] == 1) {
            return integer(row, column, value);
        }
        if (KINDS[index] == 2) {
            return bool(row, column, value);
        }
        if (value.indexOf('\0') >= 0) {
            throw new RowValueException(row, column, "holds a NUL character, which the table's text cannot store");
        }
        int limit = LIMITS[index];
        if (limit != 0 && value.length() > limit / 3) {  // a character takes at most 3 bytes here
            int bytes = value.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > limit) {
                throw new RowValueException(row, column, "is " + bytes + " bytes long; the table's index on it "
                        + "holds at most " + limit);
            }
        }
        return value;
    }

    static Long integer(String[] row, Column column, String value) throws RowValueException {
        Long number = wholeNumber(value);
        if (number == null) {
            throw new RowValueException(row, column, "is " + shown(value) + ", not a whole number that fits the table's "
                    + "integer column");
        }
        return number;
    }

    /**
     * A value for a message: one that does not fit may be a number of 100,000 digits or a long
     * text, which would bury the message (and the rejects file and log it goes to), so it is
     * shown by its start and length.
     */
    static String shown(String value) {
        return value.length() <= 64 ? value : value.substring(0, 32) + "... (" + value.length() + " characters)";
    }

    /** A number as written whose value is whole and fits 64 bits; null for anything else. */
    static Long wholeNumber(String value) {
        if (isPlainLong(value)) {
            return Long.parseLong(value);
        }
        try {
            return new BigDecimal(value).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    /** Digits, at most 18, after an optional minus: a long as Long.toString would write it but for leading zeros. */
    static boolean isPlainLong(String value) {
        int start = value.startsWith("-") ? 1 : 0;
        if (value.length() <= start || value.length() - start > 18) {
            return false;
        }
        for (int i = start; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    static Boolean bool(String[] row, Column column, String value) throws RowValueException {
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new RowValueException(row, column, "is " + shown(value) + ", not true or false");
        };
    }
}
