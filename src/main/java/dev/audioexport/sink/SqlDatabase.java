package dev.audioexport.sink;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;

/** The databases the table sink supports, and what differs between them. */
public enum SqlDatabase {
    POSTGRESQL("text", TableSink.Load.COPY, null),
    /**
     * H2's TEXT is a CLOB; its VARCHAR without a length holds up to 1,048,576 characters. A
     * commit reaches the file only at the next background save (WRITE_DELAY, 500 ms): a process
     * killed before it loses committed rows, which the job's checkpoint may already count.
     * CHECKPOINT SYNC writes and syncs them (it needs admin rights).
     */
    H2("varchar", TableSink.Load.INSERT, "CHECKPOINT SYNC");

    private final String textType;
    private final TableSink.Load defaultLoad;
    private final String forceToDisk;

    SqlDatabase(String textType, TableSink.Load defaultLoad, String forceToDisk) {
        this.textType = textType;
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

    /** An unquoted identifier as the database stores it (Flyway quotes the names it is given). */
    String fold(String identifier) {
        return this == H2 ? identifier.toUpperCase(Locale.ROOT) : identifier.toLowerCase(Locale.ROOT);
    }
}
