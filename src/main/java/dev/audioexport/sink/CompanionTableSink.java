package dev.audioexport.sink;

import dev.audioexport.mapping.CompanionTable;
import dev.audioexport.mapping.LineRows;
import dev.audioexport.mapping.TableColumn;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One companion table in the database, for any {@link CompanionTable} definition: the rows of the
 * lines written since the last commit, replacing what those lines describe (their data row's
 * rows, or their (project_id, data_row_id) rows), flushed inside the transaction of
 * {@link TableSink#commit()} so that all tables of a chunk commit together.
 */
final class CompanionTableSink {

    private static final int INSERT_BATCH = 1000;

    private final CompanionTable table;
    private final String name;
    private final String columns;
    private final String deleteSql;
    /**
     * PostgreSQL, a data row's own rows: the chunk's deletes as one statement over an array of ids
     * (see {@link #deleteAtOnce}); null elsewhere.
     */
    private final String deleteAtOnceSql;
    private PreparedStatement deleteAtOnce;
    /**
     * Kept across commits (as the long table's delete is): the driver prepares it on the server
     * once it has been used a few times, instead of parsing every delete of every chunk again.
     */
    private PreparedStatement delete;
    /** What the lines describe, each with its rows; a later line replaces an earlier one's key. */
    private final Map<Key, List<String[]>> pending = new LinkedHashMap<>();

    private record Key(String projectId, String dataRowId) {
    }

    /** Column names are quoted: {@code value} is a keyword in H2. */
    CompanionTableSink(CompanionTable table, String quotedName, SqlDatabase database) {
        this.table = table;
        this.name = quotedName;
        this.columns = String.join(", ", table.columnNames().stream().map(database::quoted).toList());
        this.deleteSql = "DELETE FROM " + quotedName + " WHERE data_row_id = ?"
                + (table.scope() == CompanionTable.Scope.PROJECT ? " AND project_id = ?" : "");
        this.deleteAtOnceSql = database == SqlDatabase.POSTGRESQL && sharedByProjects()
                ? "DELETE FROM " + quotedName + " WHERE data_row_id = ANY(?)" : null;
    }

    CompanionTable table() {
        return table;
    }

    /** A data row's own rows (data_rows, metadata, attachments), which every project of the data row writes. */
    boolean sharedByProjects() {
        return table.scope() == CompanionTable.Scope.DATA_ROW;
    }

    void write(LineRows line) {
        List<String[]> rows = line.rows(table);
        if (table.scope() == CompanionTable.Scope.DATA_ROW) {
            replace(new Key(null, line.dataRowId()), rows);
            return;
        }
        Map<String, List<String[]>> byProject = new LinkedHashMap<>();
        for (String projectId : line.projectIds()) {
            byProject.put(projectId, new ArrayList<>());
        }
        for (String[] row : rows) {
            byProject.computeIfAbsent(row[0], p -> new ArrayList<>()).add(row);  // project_id comes first
        }
        byProject.forEach((projectId, projectRows) -> replace(new Key(projectId, line.dataRowId()), projectRows));
    }

    private void replace(Key key, List<String[]> rows) {
        pending.remove(key);  // moved to the end: the later line's rows come later, as in a CSV
        pending.put(key, rows);
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    void addDataRowsTo(List<String> dataRows) {
        pending.keySet().forEach(key -> dataRows.add(key.dataRowId()));
    }

    /**
     * Deletes what the pending lines describe (with {@code written}, only for the data rows it may
     * have) and inserts their rows, in the caller's transaction.
     */
    long flush(Connection connection, TableSink.Load load, WrittenDataRows written)
            throws SQLException, IOException, RowValueException {
        try {
            delete(connection, written);
            return load == TableSink.Load.COPY ? copy(connection) : insert(connection);
        } finally {
            pending.clear();
            if (delete != null) {
                delete.clearBatch();  // after a failure too: the next commit starts from an empty batch
            }
        }
    }

    private void delete(Connection connection, WrittenDataRows written) throws SQLException {
        if (deleteAtOnceSql != null) {
            deleteAtOnce(connection, written);
            return;
        }
        if (delete == null) {
            delete = connection.prepareStatement(deleteSql);
        }
        List<Key> keys = groupsToDelete(written);
        for (Key key : keys) {
            delete.setString(1, key.dataRowId());
            if (key.projectId() != null) {
                delete.setString(2, key.projectId());
            }
            delete.addBatch();
        }
        if (!keys.isEmpty()) {
            delete.executeBatch();
        }
    }

    /** The chunk's groups that may hold rows already: all of them, unless {@code written} spares some. */
    private List<Key> groupsToDelete(WrittenDataRows written) {
        List<Key> keys = new ArrayList<>(pending.size());
        for (Key key : pending.keySet()) {
            if (written == null || written.mayHold(key.projectId(), key.dataRowId())) {
                keys.add(key);
            }
        }
        return keys;
    }

    /**
     * The data rows' own rows of the whole chunk in one statement, where one per data row cost
     * PostgreSQL a statement each (a sync deletes them for every data row: 3 x 169,000 statements
     * on 4 x 98 MB). The planner, which may have no statistics of a table still loading, would
     * take a thousand ids for most of the table and scan it all; index scans only are allowed for
     * the rest of the chunk's transaction, in which nothing else is planned after these tables
     * (they are written last: TableSink.commit).
     */
    private void deleteAtOnce(Connection connection, WrittenDataRows written) throws SQLException {
        Object[] dataRows = groupsToDelete(written).stream().map(Key::dataRowId).toArray();
        if (dataRows.length == 0) {
            return;
        }
        if (deleteAtOnce == null) {
            deleteAtOnce = connection.prepareStatement(deleteAtOnceSql);
        }
        try (Statement planner = connection.createStatement()) {
            planner.execute("SET LOCAL enable_seqscan = off");
        }
        deleteAtOnce.setArray(1, connection.createArrayOf("text", dataRows));
        deleteAtOnce.executeUpdate();
    }

    private long copy(Connection connection) throws SQLException, IOException, RowValueException {
        CopyStream out = CopyStream.start(connection, "COPY " + name + " (" + columns + ") FROM STDIN");
        try {
            for (List<String[]> rows : pending.values()) {
                for (String[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        if (i > 0) {
                            out.write('\t');
                        }
                        String value = CompanionValues.copyText(table, row, i);
                        out.write(value == null ? CopyTextFormat.NULL : CopyTextFormat.escaped(value));
                    }
                    out.write('\n');
                }
            }
            return out.finish();
        } finally {
            out.cancel();
        }
    }

    private long insert(Connection connection) throws SQLException, RowValueException {
        List<TableColumn> types = table.columns();
        String sql = "INSERT INTO " + name + " (" + columns + ") VALUES (" + "?, ".repeat(types.size() - 1) + "?)";
        long count = 0;
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (List<String[]> rows : pending.values()) {
                for (String[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        bind(insert, i + 1, types.get(i), CompanionValues.typed(table, row, i));
                    }
                    insert.addBatch();
                    if (++count % INSERT_BATCH == 0) {
                        insert.executeBatch();
                    }
                }
            }
            insert.executeBatch();
        }
        return count;
    }

    private static void bind(PreparedStatement insert, int index, TableColumn column, Object value) throws SQLException {
        if (value == null) {
            insert.setNull(index, switch (column.type()) {
                case INTEGER -> Types.BIGINT;
                case BOOLEAN -> Types.BOOLEAN;
                case NUMERIC -> Types.NUMERIC;
                case TEXT -> Types.VARCHAR;
            });
        } else if (value instanceof Long number) {
            insert.setLong(index, number);
        } else if (value instanceof Boolean flag) {
            insert.setBoolean(index, flag);
        } else if (value instanceof BigDecimal number) {
            insert.setBigDecimal(index, number);
        } else {
            insert.setString(index, (String) value);
        }
    }
}
