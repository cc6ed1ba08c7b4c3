package dev.audioexport.sink;

import dev.audioexport.liveness.Liveness;
import dev.audioexport.mapping.CompanionTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * One project's sync into a table (issue 12): the connection the project's rows are written on,
 * holding the project's PostgreSQL advisory lock for as long as it is open (a second sync of the
 * project is refused; a dead process's lock goes with its session); the watermark the export
 * asks since; for a full sync the mark of every data row written ({@code <table>_sync_seen},
 * committed with each chunk) and, with the last chunk, the sweep of the project's groups not
 * marked; and then, in that same transaction, the new watermark in {@code <table>_sync}.
 */
public final class ProjectSync implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProjectSync.class.getName());
    /** The first key of the advisory locks of projects (the second: the project and table). */
    private static final String LOCK_SPACE = "audio-export sync";
    /** The first key of the transaction lock on a table's rows shared by projects (the second: the table). */
    private static final String SHARED_ROWS_LOCK_SPACE = "audio-export sync shared rows";
    /** Companion tables whose rows belong to one project (the others are the data row's, shared by projects). */
    private static final List<CompanionTable> PROJECT_TABLES = List.of(CompanionTable.PROJECT_DATA_ROWS,
            CompanionTable.LABELS, CompanionTable.LABEL_REVIEWS, CompanionTable.WORKFLOW_HISTORY);

    private final Connection connection;
    private final TableName table;
    private final SqlDatabase database;
    private final String projectId;
    private final String watermark;
    /** The export task whose last commit recorded {@link #watermark}, and the watermark before it. */
    private final String recordedTaskId;
    private final String recordedPrevious;
    private final boolean full;
    /** Set by {@link #firstRows}: the project held no rows when this attempt's writing began. */
    private boolean startedEmpty;
    private PreparedStatement mark;
    /** Set once the input is done: the next commit sweeps (full) and records the watermark. */
    private volatile Finish finish;

    /**
     * What the last commit records. {@code linesLeftOut}: lines rejected plus the export's errors
     * (data rows Labelbox could not export), over the whole sync of the project.
     */
    public record Finish(String taskId, String taskCreatedAt, long executionId, long rowsWritten, long linesLeftOut) {

        public Finish(String taskId, String taskCreatedAt, long executionId, long rowsWritten) {
            this(taskId, taskCreatedAt, executionId, rowsWritten, 0);
        }
    }

    private ProjectSync(Connection connection, TableName table, SqlDatabase database, String projectId,
            String[] recorded, boolean full) {
        this.connection = connection;
        this.table = table;
        this.database = database;
        this.projectId = projectId;
        this.watermark = recorded[0];
        this.recordedPrevious = recorded[1];
        this.recordedTaskId = recorded[2];
        this.full = full;
    }

    /**
     * Takes the project's lock (refused when another session
     * holds it) and reads its watermark. {@code fresh}: the partition starts from the beginning
     * (no checkpoint), so a full sync's marks of an earlier, unfinished attempt are dropped.
     */
    public static ProjectSync claim(DataSource dataSource, TableName table, String projectId, boolean forceFull,
            boolean fresh) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            SqlDatabase database = SqlDatabase.of(connection.getMetaData());
            if (database != SqlDatabase.POSTGRESQL) {
                throw new SinkException("sync needs PostgreSQL (its advisory locks keep two syncs of a project apart), "
                        + "not " + database + ".");
            }
            lock(connection, table, projectId);
            connection.setAutoCommit(false);
            String[] recorded = recorded(connection, database, table, projectId);
            ProjectSync sync = new ProjectSync(connection, table, database, projectId, recorded,
                    forceFull || recorded[0] == null);
            if (sync.full && fresh) {
                sync.unmarkAll();
                connection.commit();
            }
            return sync;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Creates or migrates the tables once, before the partitions start: several first syncs
     * creating them at once raced (Flyway's history table created twice).
     */
    public static void prepareTables(DataSource dataSource, TableName table) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            SqlDatabase database = SqlDatabase.of(connection.getMetaData());
            TableSchema.migrate(dataSource, table, database);
        }
    }

    /**
     * Takes the project's lock, asking again for a few seconds while it is held: the session of a
     * sync killed a moment ago (a restart right after, or the next partition's claim) holds it until
     * PostgreSQL notices the closed socket and ends the session, as with the run-token lock.
     */
    private static void lock(Connection connection, TableName table, String projectId) throws SQLException {
        Liveness holder = Liveness.afterSettling(
                () -> tryLock(connection, table, projectId) ? Liveness.DEAD : Liveness.ALIVE);
        if (holder == Liveness.ALIVE) {
            throw new SinkException("Project " + projectId + " is being synced into " + table
                    + " by another process right now (it holds the project's PostgreSQL advisory lock); "
                    + "this sync leaves it alone. Sync it again once that one has ended.");
        }
    }

    private static boolean tryLock(Connection connection, TableName table, String projectId) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT pg_try_advisory_lock(hashtext(?), hashtext(?))")) {
            lock.setString(1, LOCK_SPACE);
            lock.setString(2, lockKey(table, projectId));
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    /** The second key of a project's advisory lock: one lock per project and table. */
    private static String lockKey(TableName table, String projectId) {
        return table.qualified() + " " + projectId;
    }

    /** The project's watermark, previous watermark and last task id (nulls: never synced). */
    private static String[] recorded(Connection connection, SqlDatabase database, TableName table, String projectId)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT watermark, previous_watermark, last_task_id"
                + " FROM " + database.quoted(table.companion("sync")) + " WHERE project_id = ?")) {
            select.setString(1, projectId);
            try (ResultSet result = select.executeQuery()) {
                return result.next() ? new String[] {result.getString(1), result.getString(2), result.getString(3)}
                        : new String[3];
            }
        }
    }

    public Connection connection() {
        return connection;
    }

    public String projectId() {
        return projectId;
    }

    public boolean full() {
        return full;
    }

    /** The watermark before this sync (null: never synced). */
    public String watermark() {
        return watermark;
    }

    /**
     * For the table sink opening on this sync's connection: a filter that spares the deletes of
     * this project's groups whose data row this attempt has not written yet, when the project has
     * never completed a sync and no table holds a row of it (nor a no-project row) right now;
     * otherwise null, and every group is deleted before its rows, as always. Within the current
     * transaction (the caller commits).
     *
     * <p>Why the table then ends as if every group had been deleted first, crash and restart
     * included (a full sync into fresh tables saves one delete per data row and table for the
     * long table and the four project tables: some 5 CPU-s of PostgreSQL's on 4 x 100 MB):
     * <ul>
     * <li>The project's lock is held by this connection since the claim, and the check runs after
     * it: no other sync writes the project meanwhile, and the session of any earlier attempt has
     * ended (it held the lock), so each of its transactions is either committed, and seen by the
     * check, or gone. Rows of the project are therefore only ever those this attempt writes, and
     * the filter knows their data rows: a group outside it holds nothing to delete.
     * <li>A restart after a crash (from a checkpoint or not) finds the rows the crashed execution
     * committed, past its checkpoint too, and deletes every group as before; marks committed with
     * them are kept for its sweep. Only an attempt whose predecessors committed no row of the
     * project starts empty, and then it writes all of them itself.
     * <li>Only the project's own groups are spared: a line naming another project (or none),
     * and the rows of a data row rather than a project (data_rows, metadata, attachments), which
     * another partition of the same sync may write when a data row is in two of its projects,
     * are deleted as before. The long table's delete of (project, data row) also takes the data
     * row's no-project row; the check requires there is none.
     * <li>A project with a watermark is not checked (its rows are most likely there, and finding
     * out would scan the tables): a {@code --full} resync of it deletes and sweeps as before.
     * </ul>
     * Having started empty, a full sync skips its sweep: every row of the project is of a data row
     * this attempt wrote, and so marked. Like all replacement, this holds while nothing but syncs
     * of the project writes its groups (a {@code run} into the same tables at the same time would
     * not be kept out by the lock).
     */
    WrittenDataRows firstRows() throws SQLException {
        startedEmpty = watermark == null && holdsNoRows();
        return startedEmpty ? WrittenDataRows.forProject(projectId) : null;
    }

    /**
     * Whether no table holds a row of the project, and the long table no row without a project.
     * Without an index led by project_id each is a sequential scan of a table (cut short by the
     * first row found), about what the sweep it spares costs.
     */
    private boolean holdsNoRows() throws SQLException {
        for (String target : projectTables()) {
            boolean longTable = target.equals(database.quoted(table));
            try (PreparedStatement any = connection.prepareStatement("SELECT 1 FROM " + target + " WHERE project_id = ?"
                    + (longTable ? " OR project_id IS NULL" : "") + " FETCH FIRST 1 ROWS ONLY")) {
                any.setString(1, projectId);
                try (ResultSet row = any.executeQuery()) {
                    if (row.next()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Incremental: the last-activity filter's start, the watermark less the overlap; null for a full sync. */
    public String lastActivityFrom(Duration overlap) {
        if (full) {
            return null;
        }
        try {
            // Whole seconds, rounded down (an earlier start asks for a little more, never less).
            return OffsetDateTime.parse(watermark).toInstant().minus(overlap).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            throw new SinkException("The watermark of project " + projectId + " in " + table.companion("sync")
                    + " is not an ISO-8601 time: '" + watermark + "'. Sync it with --full.", e);
        }
    }

    /**
     * A partition resuming an export task: refused when a newer task has been recorded since (a
     * later sync completed the project meanwhile), since the old export's rows would overwrite
     * newer ones, its sweep delete data rows added since, and the watermark go back.
     */
    public void checkResumable(String taskId, String taskCreatedAt) {
        if (watermark == null || taskCreatedAt == null || taskId == null || taskId.equals(recordedTaskId)) {
            return;
        }
        try {
            if (OffsetDateTime.parse(watermark).toInstant().isAfter(OffsetDateTime.parse(taskCreatedAt).toInstant())) {
                throw new SinkException("Project " + projectId + " was synced by a newer export task (" + recordedTaskId
                        + ", watermark " + watermark + ") since this sync's export task " + taskId + " (created "
                        + taskCreatedAt + "); resuming it would overwrite newer rows. Start a new sync instead.");
            }
        } catch (DateTimeParseException e) {
            throw new SinkException("The watermark of project " + projectId + " in " + table.companion("sync")
                    + " is not an ISO-8601 time: '" + watermark + "'. Sync it with --full.", e);
        }
    }

    /** The input is done: the next commit (the project's last) sweeps and records this. */
    public void finishing(Finish last) {
        this.finish = last;
    }

    public boolean finishPending() {
        return finish != null;
    }

    /** Within the chunk's transaction: marks the data rows written (full sync only). */
    void chunkWritten(Collection<String> dataRowIds) throws SQLException {
        if (!full || dataRowIds.isEmpty()) {
            return;
        }
        if (mark == null) {
            // One statement per chunk, the ids as an array: a row per statement (even batched) cost
            // PostgreSQL a statement execution per data row of a full sync.
            mark = connection.prepareStatement("INSERT INTO " + database.quoted(table.companion("sync_seen"))
                    + " (project_id, data_row_id) SELECT ?, unnest(?::text[]) ON CONFLICT DO NOTHING");
        }
        mark.setString(1, projectId);
        mark.setArray(2, connection.createArrayOf("text", dataRowIds.toArray()));
        mark.executeUpdate();
    }

    /**
     * Within the chunk's transaction, right before it replaces its data rows' own rows (data_rows,
     * metadata, attachments) and commits: waits for any other sync's chunk doing the same in these
     * tables to commit. Without it, two partitions writing the same data row at once (a data row in
     * two projects of one sync) each deleted before the other's rows were committed, so neither saw
     * the other's, and both kept theirs: measured, 1,400-1,800 of 4,000 data rows twice in
     * data_rows with two partitions of projects sharing them (FirstSyncTest). With it, the later
     * chunk's delete, a new statement after the earlier commit, finds the earlier rows. One lock
     * per table rather than per data row: a chunk holds some thousand data rows (as many locks
     * would crowd PostgreSQL's lock table), and it is held only for these three tables' writes and
     * the commit; the long table and the project tables are written outside it, in parallel.
     */
    void lockSharedRows() throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))")) {
            lock.setString(1, SHARED_ROWS_LOCK_SPACE);
            lock.setString(2, table.qualified());
            lock.execute();
        }
    }

    /** Within the last chunk's transaction: the sweep (full sync) and the new watermark. */
    void beforeLastCommit() throws SQLException {
        Finish last = finish;
        if (last == null) {
            return;
        }
        long started = System.nanoTime();
        long swept = 0;
        if (alreadyRecorded(last)) {
            // A restart from a checkpoint older than the last commit (killed between the two): the
            // sweep ran then and cleared the marks; sweeping now would keep only the re-read chunks.
            LOG.log(Level.INFO, "Project {0}: export task {1} was already recorded, no second sweep",
                    new Object[] {projectId, last.taskId()});
        } else if (full && last.linesLeftOut() > 0) {
            // A rejected line or an export error is a data row still in the project that was not
            // marked (a rejected line's data row may not even be known): sweeping would delete it.
            LOG.log(Level.WARNING, "Project {0}: full sync without its sweep, {1} lines rejected or not exported; "
                    + "rows of data rows removed from the project stay until a full sync without rejects",
                    new Object[] {projectId, last.linesLeftOut()});
            unmarkAll();
        } else if (full && startedEmpty) {
            // Every row of the project is of a data row this attempt wrote and marked (firstRows).
            unmarkAll();
        } else if (full) {
            swept = sweep();
            unmarkAll();
        }
        record(last);
        finish = null;
        LOG.log(Level.INFO, "Project {0}: {1} sync, {2} rows written, {3} groups removed, watermark {4} -> {5} "
                + "(last commit''s bookkeeping {6} ms)", new Object[] {projectId, full ? "full" : "incremental",
                        last.rowsWritten(), swept, watermark, last.taskCreatedAt(),
                        (System.nanoTime() - started) / 1_000_000});
    }

    /** Removes the project's groups the full export did not contain, in every table bound to a project. */
    private long sweep() throws SQLException {
        String seen = database.quoted(table.companion("sync_seen"));
        long removed = 0;
        for (String target : projectTables()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + target + " t WHERE t.project_id = ?"
                    + " AND NOT EXISTS (SELECT 1 FROM " + seen + " s WHERE s.project_id = t.project_id"
                    + " AND s.data_row_id = t.data_row_id)")) {
                delete.setString(1, projectId);
                removed += delete.executeUpdate();
            }
        }
        return removed;
    }

    /** The long table and the companion tables bound to a project, quoted. */
    private List<String> projectTables() {
        List<String> tables = new java.util.ArrayList<>();
        tables.add(database.quoted(table));
        for (CompanionTable companion : PROJECT_TABLES) {
            tables.add(database.quoted(table.companion(companion.tableName())));
        }
        return tables;
    }

    private boolean alreadyRecorded(Finish last) {
        return last.taskId() != null && last.taskId().equals(recordedTaskId);
    }

    private void unmarkAll() throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM "
                + database.quoted(table.companion("sync_seen")) + " WHERE project_id = ?")) {
            delete.setString(1, projectId);
            delete.executeUpdate();
        }
    }

    private void record(Finish last) throws SQLException {
        if (last.taskCreatedAt() == null) {
            throw new SinkException("Labelbox did not report when export task " + last.taskId() + " of project "
                    + projectId + " was created: no watermark can be recorded.");
        }
        String sync = database.quoted(table.companion("sync"));
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + sync
                + " (project_id, watermark, previous_watermark, last_task_id, last_execution_id, last_mode,"
                + " last_full_sync, rows_written, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, now())"
                + " ON CONFLICT (project_id) DO UPDATE SET watermark = EXCLUDED.watermark,"
                + " previous_watermark = EXCLUDED.previous_watermark, last_task_id = EXCLUDED.last_task_id,"
                + " last_execution_id = EXCLUDED.last_execution_id, last_mode = EXCLUDED.last_mode,"
                + " last_full_sync = COALESCE(EXCLUDED.last_full_sync, " + sync + ".last_full_sync),"
                + " rows_written = EXCLUDED.rows_written, synced_at = EXCLUDED.synced_at")) {
            upsert.setString(1, projectId);
            upsert.setString(2, last.taskCreatedAt());
            upsert.setString(3, alreadyRecorded(last) ? recordedPrevious : watermark);
            upsert.setString(4, last.taskId());
            upsert.setLong(5, last.executionId());
            upsert.setString(6, full ? "full" : "incremental");
            upsert.setString(7, full ? last.taskCreatedAt() : null);
            upsert.setLong(8, last.rowsWritten());
            upsert.executeUpdate();
        }
    }

    /**
     * Releases the project's lock, then closes the connection. Closing alone would release it too,
     * but PostgreSQL ends the session a moment after {@code close()} returns: a sync claiming the
     * project right after this one (the next partition, a restart) could find it still held.
     */
    @Override
    public void close() throws SQLException {
        try (connection) {
            if (!connection.getAutoCommit()) {
                connection.rollback();  // an aborted transaction would refuse the unlock
            }
            try (PreparedStatement unlock = connection.prepareStatement(
                    "SELECT pg_advisory_unlock(hashtext(?), hashtext(?))")) {
                unlock.setString(1, LOCK_SPACE);
                unlock.setString(2, lockKey(table, projectId));
                unlock.execute();
            }
        } catch (SQLException e) {
            // A broken connection cannot unlock, and need not: its session, and the lock, end with it.
        }
    }

    /** For messages. */
    @Override
    public String toString() {
        return "project " + projectId + (full ? " (full" : " (incremental since " + watermark) + ")";
    }
}
