package dev.audioexport.sink;

import dev.audioexport.mapping.Column;

/** A row value that does not fit its table column; the message names the data row, label and column. */
public class RowValueException extends Exception {

    RowValueException(String[] row, Column column, String problem) {
        super("data row " + row[Column.DATA_ROW_ID.ordinal()] + label(row) + ": " + column.columnName() + " "
                + problem);
    }

    /** For a companion table's value: the message names data row, table and column. */
    RowValueException(String message) {
        super(message);
    }

    private static String label(String[] row) {
        String label = row[Column.LABEL_ID.ordinal()];
        return label == null ? "" : ", label " + label;
    }
}
