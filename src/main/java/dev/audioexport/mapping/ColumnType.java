package dev.audioexport.mapping;

/** How a database table holds a column; the CSV holds every column as text. */
public enum ColumnType {
    TEXT, INTEGER, BOOLEAN, NUMERIC
}
