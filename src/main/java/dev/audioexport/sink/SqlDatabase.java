package dev.audioexport.sink;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;

/** The databases the table sink supports, and what differs between them. */
public enum SqlDatabase {
    POSTGRESQL("text", "numeric", TableSink.Load.COPY, null),
    /**
     * H2's TEXT is a CLOB; its VARCHAR without a length holds up to 1,048,576 characters. A
     * commit reaches the file only at the next background save (WRITE_DELAY, 500 ms): a process
     * killed before it loses committed rows, which the job's checkpoint may already count.
     * CHECKPOINT SYNC writes and syncs them (it needs admin rights).
     */
    H2("varchar", "decfloat", TableSink.Load.INSERT, "CHECKPOINT SYNC");

    private final String textType;
    /** Any JSON number as written: H2's NUMERIC without a scale would round 0.85 to 1; its DECFLOAT keeps it. */
    private final String numericType;
    private final TableSink.Load defaultLoad;
    private final String forceToDisk;

    SqlDatabase(String textType, String numericType, TableSink.Load defaultLoad, String forceToDisk) {
        this.textType = textType;
        this.numericType = numericType;
        this.defaultLoad = defaultLoad;
        this.forceToDisk = forceToDisk;
    }

    public static SqlDatabase of(DatabaseMetaData metaData) throws SQLException {
        String product = metaData.getDatabaseProductName();
        return switch (product) {
            case "PostgreSQL" -> POSTGRESQL;
            case "H2" -> H2;
            default -> throw new SinkException("The table sink supports PostgreSQL and H2, not " + product + ".");
        };
    }

    String textType() {
        return textType;
    }

    String numericType() {
        return numericType;
    }

    TableSink.Load defaultLoad() {
        return defaultLoad;
    }

    /** Makes the committed rows durable where the commit itself does not (H2; needs admin rights there). */
    public void forceToDisk(Connection connection) throws SQLException {
        if (forceToDisk != null) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(forceToDisk);
            }
        }
    }

    /**
     * What the database said, on one line: the innermost SQL error under {@code e} (a batch's
     * first failure rather than "batch aborted"; COPY's, wrapped in an IOException), its first
     * line (PostgreSQL adds Detail and Hint lines, H2 the statement).
     */
    public static String errorOf(Throwable e) {
        Throwable telling = e;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                telling = sql.getNextException() != null ? sql.getNextException() : sql;
            }
        }
        String message = telling.getMessage();
        if (message == null || message.isBlank()) {
            return telling.toString();
        }
        String first = message.strip().lines().findFirst().orElse(message);
        return first.endsWith("; SQL statement:") ? first.substring(0, first.length() - "; SQL statement:".length()) : first;
    }

    /** An unquoted identifier as the database stores it (Flyway quotes the names it is given). */
    String fold(String identifier) {
        return this == H2 ? identifier.toUpperCase(Locale.ROOT) : identifier.toLowerCase(Locale.ROOT);
    }

    /**
     * An identifier for SQL: quoted, in the case the database folds it to unquoted, so the same
     * object as unquoted but never read as a keyword. (A {@link TableName} holds only letters,
     * digits and _.)
     */
    String quoted(String identifier) {
        return '"' + fold(identifier) + '"';
    }

    /** The table's name for SQL, schema-qualified when it has a schema. */
    public String quoted(TableName table) {
        return table.schema() == null ? quoted(table.table()) : quoted(table.schema()) + "." + quoted(table.table());
    }

    /**
     * Refuses what this database cannot do: a load it does not support (null: its default), a
     * name it would refuse to create. The message says why and what to do instead.
     */
    public void checkUsable(TableName table, TableSink.Load load) {
        if (load == TableSink.Load.COPY && this != POSTGRESQL) {
            throw new SinkException("COPY loads only into PostgreSQL; use INSERT for " + this + ".");
        }
        if (this == POSTGRESQL && table.schema() != null && table.schema().toLowerCase(Locale.ROOT).startsWith("pg_")) {
            throw new SinkException("Table " + table + ": schema names starting with pg_ are reserved by PostgreSQL; "
                    + "choose another schema.");
        }
    }
}
