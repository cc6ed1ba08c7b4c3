package dev.audioexport.sink;

import dev.audioexport.mapping.Column;
import java.io.IOException;
import java.io.Writer;

/**
 * Rows in PostgreSQL's COPY text format: tab between values, newline after each row, {@code \N}
 * for null, backslash escapes for backslash, tab, CR and LF. Typed values are checked and
 * written in their canonical form ({@code 12.0} becomes {@code 12}).
 */
final class CopyTextFormat {

    private static final Column[] COLUMNS = Column.values();

    private CopyTextFormat() {
    }

    static void writeRow(Writer out, String[] row) throws IOException, RowValueException {
        for (Column column : COLUMNS) {
            if (column.ordinal() > 0) {
                out.write('\t');
            }
            String value = row[column.ordinal()];
            if (value == null) {
                out.write("\\N");
            } else {
                writeEscaped(out, TableValues.typed(row, column, value).toString());
            }
        }
        out.write('\n');
    }

    private static void writeEscaped(Writer out, String value) throws IOException {
        int from = 0;
        for (int i = 0; i < value.length(); i++) {
            String escape = escape(value.charAt(i));
            if (escape != null) {
                out.write(value, from, i - from);
                out.write(escape);
                from = i + 1;
            }
        }
        out.write(value, from, value.length() - from);
    }

    private static String escape(char c) {
        return switch (c) {
            case '\\' -> "\\\\";
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            default -> null;
        };
    }
}
