package dev.audioexport.sink;

import dev.audioexport.mapping.CompanionTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Creates and evolves the output table by the versioned migrations in
 * {@code dev/audioexport/sink/table/}, one Flyway history table per output table
 * ({@code <table>_history}, beside it), so that several tables can live in one schema.
 */
final class TableSchema {

    static final String LOCATION = "classpath:dev/audioexport/sink/table";
    /** The newest migration's version in {@link #LOCATION} (TableSchemaTest checks it against the files there). */
    static final int NEWEST = 3;

    private TableSchema() {
    }

    static void migrate(DataSource dataSource, TableName table, SqlDatabase database) {
        if (isCurrent(dataSource, table, database)) {
            return;
        }
        FluentConfiguration flyway = Flyway.configure(TableSchema.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(database.fold(table.derived("history")))
                .placeholders(placeholders(table, database))
                // The schema usually holds other tables already; this table's history starts empty.
                .baselineOnMigrate(true)
                .baselineVersion("0");
        if (table.schema() != null) {
            flyway.schemas(database.fold(table.schema())).createSchemas(true);
        }
        try {
            flyway.load().migrate();
        } catch (FlywayException e) {
            // Flyway's own message spans many lines (script, SQL state, the statement): the database's says why.
            throw new SinkException("Could not create or migrate table " + table + ": " + SqlDatabase.errorOf(e), e);
        }
    }

    /**
     * True when the table's history shows every migration up to {@link #NEWEST} applied and none
     * failed: Flyway would find nothing to do, and loading it and scanning for its migrations took
     * 0.3-0.7 s of every command that opens the table (an incremental sync's work is ~1 s). Any
     * doubt (no history yet, a failed or unknown version, an error) leaves the decision to Flyway,
     * which also validates the applied scripts' checksums then.
     */
    static boolean isCurrent(DataSource dataSource, TableName table, SqlDatabase database) {
        String history = database.quoted(table.companion("history"));
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("SELECT \"version\", \"success\" FROM " + history)) {
            Set<Integer> applied = new HashSet<>();
            while (rows.next()) {
                String version = rows.getString(1);
                if (!rows.getBoolean(2)) {
                    return false;
                }
                if (version != null) {
                    applied.add(Integer.parseInt(version));
                }
            }
            for (int version = 1; version <= NEWEST; version++) {
                if (!applied.contains(version)) {
                    return false;
                }
            }
            return applied.stream().allMatch(version -> version <= NEWEST);
        } catch (SQLException | NumberFormatException e) {
            return false;
        }
    }

    /**
     * The long table's name, types and index names; and for each companion table ({@code labels},
     * ...) its name {@code <table>_labels} and its key index {@code <table>_labels_key}.
     */
    static Map<String, String> placeholders(TableName table, SqlDatabase database) {
        Map<String, String> placeholders = new HashMap<>(Map.of(
                "table", database.quoted(table),
                "text", database.textType(),
                "numeric", database.numericType(),
                "value", database.quoted("value"),
                "data_row_index", database.quoted(table.derived("by_data_row")),
                "label_index", database.quoted(table.derived("by_label")),
                "path_index", database.quoted(table.derived("by_path"))));
        placeholders.put("sync", database.quoted(table.companion("sync")));
        placeholders.put("sync_seen", database.quoted(table.companion("sync_seen")));
        for (CompanionTable companion : CompanionTable.values()) {
            TableName name = table.companion(companion.tableName());
            placeholders.put(companion.tableName(), database.quoted(name));
            placeholders.put(companion.tableName() + "_key", database.quoted(name.derived("key")));
        }
        return placeholders;
    }
}
