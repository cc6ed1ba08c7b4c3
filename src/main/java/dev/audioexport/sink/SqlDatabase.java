package dev.audioexport.sink;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/** The databases the table sink supports, and what differs between them. */
public enum SqlDatabase {
    POSTGRESQL("text", TableSink.Load.COPY),
    /** H2's TEXT is a CLOB; its VARCHAR without a length holds up to 1,048,576 characters. */
    H2("varchar", TableSink.Load.INSERT);

    private final String textType;
    private final TableSink.Load defaultLoad;

    SqlDatabase(String textType, TableSink.Load defaultLoad) {
        this.textType = textType;
        this.defaultLoad = defaultLoad;
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

    /** An unquoted identifier as the database stores it (Flyway quotes the names it is given). */
    String fold(String identifier) {
        return this == H2 ? identifier.toUpperCase(Locale.ROOT) : identifier.toLowerCase(Locale.ROOT);
    }
}
