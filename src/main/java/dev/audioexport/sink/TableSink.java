package dev.audioexport.sink;

import dev.audioexport.mapping.Column;
import dev.audioexport.mapping.CompanionTable;
import dev.audioexport.mapping.LineRows;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Rows to a database table and its companion tables ({@link CompanionTableSink}), all committed in
 * one transaction per chunk. The long table is replaced by group: each {@link #commit()} deletes every row of the
 * (project_id, data_row_id) groups written since the last commit, and the no-project row of
 * their data rows, then inserts the new rows, in one transaction. Writing the same rows again
 * (a restart that replays a chunk, the same export run twice) therefore leaves the same table,
 * and a newer export replaces exactly the groups it holds. Within one commit a later line wins
 * over an earlier one for the same group, as it would across commits.
 */
public final class TableSink implements RowSink {

    /**
     * How rows are inserted. COPY is PostgreSQL's default (binary for the long table: {@link
     * CopyBinaryFormat}): measured with src/bench/run-db-bench.sh on 343k rows (100 MB
     * SyntheticExport, 2 cores), the sink alone loaded them in 2.7-3.0 s by text COPY and 4.6-6.2 s
     * by batched INSERTs (rewritten to multi-row statements by the driver).
     */
    public enum Load {
        COPY, INSERT;

        /** {@code copy} or {@code insert}, in any case; null when not given (the database's default). */
        public static Load named(String name) {
            return name == null || name.isBlank() ? null : valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    private static final String COLUMNS = String.join(", ", Column.names());
    private static final Column[] ALL = Column.values();
    private static final int INSERT_BATCH = 1000;

    private final Connection connection;
    private final TableName table;
    private final Load load;
    private final SqlDatabase database;
    private final PreparedStatement deleteGroups;
    private final String copySql;
    private final Map<GroupKey, List<String[]>> pending = new LinkedHashMap<>();
    private final List<CompanionTableSink> companions = new ArrayList<>();
    /** A sync's project (its lock, marks and watermark ride on this connection's transactions), or null. */
    private ProjectSync sync;
    /**
     * The data rows written so far, when the run began on empty tables (or the sync's partition
     * with no rows of its project); null: every group is deleted first.
     */
    private WrittenDataRows written;

    private record GroupKey(String projectId, String dataRowId) {
        static GroupKey of(String[] row) {
            return new GroupKey(row[Column.PROJECT_ID.ordinal()], row[Column.DATA_ROW_ID.ordinal()]);
        }
    }

    private TableSink(Connection connection, TableName table, Load load, SqlDatabase database)
            throws SQLException {
        this.connection = connection;
        this.table = table;
        this.load = load;
        this.database = database;
        this.deleteGroups = connection.prepareStatement("DELETE FROM " + database.quoted(table)
                + " WHERE data_row_id = ? AND (project_id = ? OR project_id IS NULL)");
        this.copySql = CopyBinaryFormat.copySql(database.quoted(table), COLUMNS);
    }

    /**
     * Creates or migrates the table, then opens a connection of its own for the rows.
     * {@code load} null takes the database's fastest (COPY on PostgreSQL, INSERT elsewhere).
     */
    public static TableSink open(DataSource dataSource, TableName table, Load load) throws SQLException {
        return open(dataSource, table, load, Set.of());
    }

    /**
     * As {@link #open(DataSource, TableName, Load)}, writing {@code companions} too (the migrations
     * create all of them, {@code <table>_<companion>}, whichever are written).
     */
    public static TableSink open(DataSource dataSource, TableName table, Load load, Set<CompanionTable> companions)
            throws SQLException {
        return open(dataSource, table, load, companions, null);
    }

    /**
     * As {@link #open(DataSource, TableName, Load, Set)}; with {@code sync}, on its connection
     * (which holds the project's lock): each commit marks its data rows for a full sync, and the
     * last one also sweeps and records the watermark.
     */
    public static TableSink open(DataSource dataSource, TableName table, Load load, Set<CompanionTable> companions,
            ProjectSync sync) throws SQLException {
        Connection connection = sync == null ? dataSource.getConnection() : sync.connection();
        try {
            SqlDatabase database = SqlDatabase.of(connection.getMetaData());
            database.checkUsable(table, load);
            Load chosen = load == null ? database.defaultLoad() : load;
            if (sync == null) {
                // A sync's mapper has created or migrated the tables once, before its partitions (a Flyway
                // check per partition cost each project 50-60 ms, an incremental sync's work being ~400 ms).
                TableSchema.migrate(dataSource, table, database);
            }
            connection.setAutoCommit(false);
            database.forceToDisk(connection);  // fails before any row when the user may not (H2: admin only)
            TableSink sink = new TableSink(connection, table, chosen, database);
            sink.sync = sync;
            List<String> tables = new ArrayList<>(List.of(database.quoted(table)));
            for (CompanionTable companion : companions) {
                String name = database.quoted(table.companion(companion.tableName()));
                sink.companions.add(new CompanionTableSink(companion, name, database));
                tables.add(name);
            }
            // A run skips the deletes when every table began empty; a sync's partition, those of its
            // project's groups when the project began with no rows (ProjectSync.firstRows says why that holds).
            sink.written = sync == null ? WrittenDataRows.ifAllEmpty(connection, tables) : sync.firstRows();
            connection.commit();  // holds no lock on the tables until the first chunk
            return sink;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    public TableName table() {
        return table;
    }

    public Load load() {
        return load;
    }

    /**
     * Adds the rows of one export line; they replace their groups at the next commit, and so
     * do they replace what an earlier line of this commit gave for them (the same group, or the
     * no-project row of a data row now in a project), as the delete would across commits.
     */
    @Override
    public void write(LineRows line) {
        List<String[]> lineRows = line.annotations();
        for (CompanionTableSink companion : companions) {
            companion.write(line);
        }
        Map<GroupKey, List<String[]>> groups = new LinkedHashMap<>();
        for (String[] row : lineRows) {
            groups.computeIfAbsent(GroupKey.of(row), key -> new ArrayList<>()).add(row);
        }
        for (Map.Entry<GroupKey, List<String[]>> group : groups.entrySet()) {
            GroupKey key = group.getKey();
            pending.remove(key);
            pending.remove(new GroupKey(null, key.dataRowId()));
            pending.put(key, group.getValue());
        }
    }

    /**
     * In one transaction, replaces the written groups by the written rows and commits; returns
     * the number of rows inserted. On any failure the transaction is rolled back and nothing of
     * these rows is in the table.
     */
    @Override
    public long commit() {
        long rows = pendingRows();
        if (nothingToCommit()) {
            return 0;
        }
        List<String> dataRows = written == null ? null : pendingDataRows();
        try {
            deleteGroups();
            rows = load == Load.COPY ? copyRows() : insertRows();
            for (CompanionTableSink companion : companions) {
                if (!companion.sharedByProjects()) {
                    companion.flush(connection, load, written);
                }
            }
            if (sync != null) {
                sync.chunkWritten(pending.keySet().stream().map(GroupKey::dataRowId).distinct().toList());
                sync.beforeLastCommit();
                if (companions.stream().anyMatch(CompanionTableSink::sharedByProjects)) {
                    sync.lockSharedRows();  // last, so that it is held from here to the commit only
                }
            }
            for (CompanionTableSink companion : companions) {
                if (companion.sharedByProjects()) {
                    companion.flush(connection, load, written);
                }
            }
            if (dataRows != null) {
                dataRows.forEach(written::add);  // after every table chose its deletes
            }
            connection.commit();
        } catch (SQLException | IOException | RowValueException e) {
            rollbackAfter(e);
            throw new SinkException("Could not write " + rows + " rows to table " + table
                    + " (rolled back; a restart writes them again): " + SqlDatabase.errorOf(e), e);
        } finally {
            pending.clear();
        }
        try {
            database.forceToDisk(connection);  // durable before the job's checkpoint counts them
        } catch (SQLException e) {
            throw new SinkException("Committed " + rows + " rows to table " + table + " but could not force "
                    + "them to disk (a restart writes them again): " + SqlDatabase.errorOf(e), e);
        }
        return rows;
    }

    /**
     * Deletes the rows of every pending (project_id, data_row_id) group, and the no-project row
     * of their data rows (a data row exported without projects, now seen with one). One
     * statement per group, sent as a batch: an equality on the indexed key is planned as an
     * index scan even before the database has statistics for a table it is still loading (one
     * statement over arrays of keys was planned as a full scan per chunk there).
     */
    private void deleteGroups() throws SQLException {
        boolean any = false;
        for (GroupKey key : pending.keySet()) {
            if (written == null || written.mayHold(key.projectId(), key.dataRowId())) {
                deleteGroups.setString(1, key.dataRowId());
                deleteGroups.setString(2, key.projectId());
                deleteGroups.addBatch();
                any = true;
            }
        }
        if (any) {
            deleteGroups.executeBatch();
        }
    }

    /** The data rows of this commit, in every table written. */
    private List<String> pendingDataRows() {
        List<String> dataRows = new ArrayList<>();
        pending.keySet().forEach(key -> dataRows.add(key.dataRowId()));
        companions.forEach(companion -> companion.addDataRowsTo(dataRows));
        return dataRows;
    }

    private long copyRows() throws SQLException, IOException, RowValueException {
        CopyStream out = CopyStream.start(connection, copySql);
        try {
            CopyBinaryFormat format = new CopyBinaryFormat();
            format.writeHeader(out);
            for (List<String[]> group : pending.values()) {
                for (String[] row : group) {
                    format.writeRow(out, row);
                }
            }
            format.writeTrailer(out);
            return out.finish();
        } finally {
            out.cancel();
        }
    }

    private long insertRows() throws SQLException, RowValueException {
        String sql = "INSERT INTO " + database.quoted(table) + " (" + COLUMNS + ") VALUES ("
                + "?, ".repeat(ALL.length - 1) + "?)";
        long rows = 0;
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (List<String[]> group : pending.values()) {
                for (String[] row : group) {
                    bind(insert, row);
                    insert.addBatch();
                    if (++rows % INSERT_BATCH == 0) {
                        insert.executeBatch();
                    }
                }
            }
            insert.executeBatch();
        }
        return rows;
    }

    private static void bind(PreparedStatement insert, String[] row) throws SQLException, RowValueException {
        for (Column column : ALL) {
            int index = column.ordinal() + 1;
            String text = row[column.ordinal()];
            Object value = text == null ? null : TableValues.typed(row, column, text);
            if (value instanceof Long number) {
                insert.setLong(index, number);
            } else if (value instanceof Boolean flag) {
                insert.setBoolean(index, flag);
            } else if (value != null) {
                insert.setString(index, (String) value);
            } else {
                insert.setNull(index, sqlType(column));
            }
        }
    }

    private static int sqlType(Column column) {
        if (TableValues.INTEGERS.contains(column)) {
            return Types.BIGINT;
        }
        return TableValues.BOOLEANS.contains(column) ? Types.BOOLEAN : Types.VARCHAR;
    }

    /** An empty commit (the end of a run) is skipped, unless a sync has its end to record. */
    private boolean nothingToCommit() {
        return pending.isEmpty() && companions.stream().allMatch(CompanionTableSink::isEmpty)
                && (sync == null || !sync.finishPending());
    }

    private long pendingRows() {
        return pending.values().stream().mapToLong(List::size).sum();
    }

    private void rollbackAfter(Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IOException("Could not close the connection to table " + table + ": " + e.getMessage(), e);
        }
    }
}
