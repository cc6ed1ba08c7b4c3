package dev.audioexport.sink;

import dev.audioexport.mapping.ColumnType;
import dev.audioexport.mapping.CompanionTable;
import dev.audioexport.mapping.TableColumn;
import java.math.BigDecimal;
import java.util.List;

/**
 * How a companion table's text values become its typed columns, as {@link TableValues} does for
 * the long table: integers whole and within 64 bits ({@code 5}, {@code 5.0}), booleans
 * {@code true}/{@code false}, numeric any JSON number within both databases' range, text without NUL. A value that does not
 * fit rejects its whole line, the message naming data row, table and column.
 */
public final class CompanionValues {

    private CompanionValues() {
    }

    /** Checks every value of the rows; throws for the first that does not fit. */
    public static void check(CompanionTable table, List<String[]> rows) throws RowValueException {
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (row[i] != null) {
                    typed(table, row, i);
                }
            }
        }
    }

    /** The value of column {@code index} as the table holds it: Long, Boolean, BigDecimal or String; null for null. */
    static Object typed(CompanionTable table, String[] row, int index) throws RowValueException {
        String value = row[index];
        if (value == null) {
            return null;
        }
        TableColumn column = table.columns().get(index);
        Object typed = switch (column.type()) {
            case INTEGER -> TableValues.wholeNumber(value);
            case BOOLEAN -> value.equals("true") ? Boolean.TRUE : value.equals("false") ? Boolean.FALSE : null;
            case NUMERIC -> decimal(value);
            case TEXT -> value.indexOf('\0') < 0 ? value : null;
        };
        if (typed == null) {
            throw new RowValueException(where(table, row) + column.name() + (column.type() == ColumnType.TEXT
                    ? " holds a NUL character, which the table's text cannot store"
                    : " is " + TableValues.shown(value) + ", " + expected(column.type())));
        }
        return typed;
    }

    /**
     * The value of column {@code index} as COPY's text format takes it (before escaping); null for
     * null. A number written plainly (digits, a minus, a point: {@link #isPlainDecimal}) goes as
     * it is, which PostgreSQL reads as the same value and scale as the text of its BigDecimal
     * ({@code 007.50} and {@code 7.50}, {@code -0} and {@code 0}); other numbers and booleans as
     * {@link #typed} makes them. Text goes without its NUL check: the step checked every value of
     * the line ({@link #check}, which rejects the line) before it reached the sink, and
     * PostgreSQL refuses a NUL itself, failing the chunk. Parsing every score to a BigDecimal and
     * scanning every text again were a fifth of the table thread's CPU on a 100 MB load (JFR).
     */
    static String copyText(CompanionTable table, String[] row, int index) throws RowValueException {
        String value = row[index];
        if (value == null) {
            return null;
        }
        return switch (table.columns().get(index).type()) {
            case TEXT -> value;
            case INTEGER -> TableValues.isPlainLong(value) ? value : typed(table, row, index).toString();
            case NUMERIC -> isPlainDecimal(value) ? value : ((BigDecimal) typed(table, row, index)).toString();
            case BOOLEAN -> typed(table, row, index).toString();
        };
    }

    /**
     * An optional minus, digits, optionally a point and digits, at most {@link #NUMERIC_FRACTION_DIGITS}
     * characters in all: a number {@link #decimal} takes whatever the limits, and PostgreSQL
     * reads as written.
     */
    static boolean isPlainDecimal(String value) {
        int length = value.length();
        int at = length > 0 && value.charAt(0) == '-' ? 1 : 0;
        if (length > NUMERIC_FRACTION_DIGITS) {
            return false;
        }
        int digits = 0;
        while (at < length && isDigit(value.charAt(at))) {
            at++;
            digits++;
        }
        if (digits == 0) {
            return false;
        }
        if (at == length) {
            return true;
        }
        if (value.charAt(at++) != '.' || at == length) {
            return false;
        }
        while (at < length && isDigit(value.charAt(at))) {
            at++;
        }
        return at == length;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Digits that both databases hold: H2's decfloat 100000 in all and before the point
     * (PostgreSQL's numeric 131072 before it), PostgreSQL's numeric 16383 after it. A longer
     * number would fail its whole chunk, at every restart.
     */
    static final int NUMERIC_DIGITS = 100000;
    static final int NUMERIC_FRACTION_DIGITS = 16383;

    /** A number that fits the numeric column of both databases; null for anything else. */
    private static BigDecimal decimal(String value) {
        BigDecimal number;
        try {
            number = new BigDecimal(value);
        } catch (NumberFormatException e) {
            return null;
        }
        long integerDigits = (long) number.precision() - number.scale();
        boolean fits = number.precision() <= NUMERIC_DIGITS && integerDigits <= NUMERIC_DIGITS
                && number.scale() <= NUMERIC_FRACTION_DIGITS;
        return fits ? number : null;
    }

    private static String expected(ColumnType type) {
        return switch (type) {
            case INTEGER -> "not a whole number that fits the table's integer column";
            case BOOLEAN -> "not true or false";
            case NUMERIC -> "not a number that fits the table's numeric column";
            case TEXT -> "";
        };
    }

    /** {@code data row X, table labels: column } — the start of a message about a row's value. */
    static String where(CompanionTable table, String[] row) {
        int dataRow = table.columnNames().indexOf("data_row_id");
        return "data row " + row[dataRow] + ", table " + table.tableName() + ": column ";
    }
}
