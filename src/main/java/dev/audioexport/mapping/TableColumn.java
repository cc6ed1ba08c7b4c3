package dev.audioexport.mapping;

/** A column of a companion table: its name (CSV header, SQL column) and its database type. */
public record TableColumn(String name, ColumnType type) {

    static TableColumn text(String name) {
        return new TableColumn(name, ColumnType.TEXT);
    }

    static TableColumn integer(String name) {
        return new TableColumn(name, ColumnType.INTEGER);
    }

    static TableColumn bool(String name) {
        return new TableColumn(name, ColumnType.BOOLEAN);
    }

    static TableColumn numeric(String name) {
        return new TableColumn(name, ColumnType.NUMERIC);
    }
}
