package dev.audioexport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.audioexport.bench.SeedLines;
import dev.audioexport.mapping.CompanionTable;
import dev.audioexport.mapping.LineRows;
import dev.audioexport.mapping.RowMapper;
import dev.audioexport.model.ExportDecoder;
import dev.audioexport.model.ExportRecord;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sync partition whose project holds no rows yet spares the deletes of its own groups not
 * written yet (ProjectSync.firstRows), and the tables still end as if every group had been
 * deleted first: through a crash and restart, with a data row in two projects of one sync, on a
 * --full resync, and when the project's rows came from a run. On the test PostgreSQL, all eight
 * tables, the seed sample's lines with metadata and attachments added.
 */
class FirstSyncTest extends SyncTables {

    private static final Set<CompanionTable> ALL = EnumSet.allOf(CompanionTable.class);

    private final ExportDecoder decoder = ExportDecoder.standard();
    private final RowMapper mapper = new RowMapper();

    /**
     * What the lock keeps from happening (rows of the project appearing after the check) shows
     * which deletes were sent: the project's group of a data row not written yet is not deleted;
     * another project's group, and the data row's own rows, are; once written, a group is.
     */
    @Test
    void onlyTheProjectsOwnGroupsOfDataRowsNotWrittenYetAreSpared() throws Exception {
        try (ProjectSync sync = ProjectSync.claim(db.dataSource(), table, "p1", false, true);
                TableSink sink = TableSink.open(db.dataSource(), table, null, ALL, sync)) {
            plant("d1", "p1");
            plant("d2", "p2");
            sink.write(line("p1", "d1", "first"));
            sink.write(line("p2", "d2", "first"));  // a line of another project in p1's export
            sink.commit();
            long lineRows = line("p1", "d1", "x").annotations().size();
            assertEquals(lineRows + 1, count("", "d1", "p1"), "p1's group of d1, not written before: no delete");
            assertEquals(1, count("_labels", "d1", "p1") - line("p1", "d1", "x").rows(CompanionTable.LABELS).size());
            assertEquals(lineRows, count("", "d2", "p2"), "another project's group: deleted first");
            assertEquals(1, count("_data_rows", "d1", null), "a data row's own rows: deleted first");
            assertEquals(2, count("_metadata", "d1", null));

            sink.write(line("p1", "d1", "second"));
            sink.commit();
            assertEquals(lineRows, count("", "d1", "p1"), "written in an earlier chunk: deleted first");
            assertEquals(line("p1", "d1", "x").rows(CompanionTable.LABELS).size(), count("_labels", "d1", "p1"));
        }
    }

    /**
     * A first full sync killed after its third chunk committed (its checkpoint at chunk
     * {@code checkpoint}: the checkpoints trail the table) and restarted from there leaves every
     * table as the same sync uninterrupted does, into other tables.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void aFirstSyncKilledMidwayAndRestartedEndsAsAnUninterruptedOne(int checkpoint) throws Exception {
        List<List<LineRows>> chunks = List.of(
                List.of(line("p1", "d1", "a"), line("p1", "shared", "a")),
                List.of(line("p1", "d2", "a"), line("p1", "d3", "a")),
                List.of(line("p1", "d4", "a"), line("p1", "d1", "changed")),  // d1 listed twice
                List.of(line("p1", "d5", "a")));
        TableName reference = db.newTable();
        ProjectSync.prepareTables(db.dataSource(), reference);
        for (TableName target : List.of(reference, table)) {
            // The other project of the sync, done first: it wrote the shared data row's own rows.
            sync(target, "p2", false, true, List.of(List.of(line("p2", "shared", "a"))), 0, 1);
        }
        sync(reference, "p1", false, true, chunks, 0, chunks.size());

        sync(table, "p1", false, true, chunks, 0, 3);  // killed: no finish, its session gone
        sync(table, "p1", false, checkpoint == 0, chunks, checkpoint, chunks.size());

        assertEquals(contents(reference), contents(table));
        assertEquals(1, count("_data_rows", "shared", null));
        assertEquals(line("p1", "d1", "x").annotations().size(), count("", "d1", "p1"));
    }

    /** Both partitions start on tables without their project's rows, and write the same data row. */
    @Test
    void aDataRowInTwoProjectsSyncedAtOnceKeepsOneCopyOfItsOwnRows() throws Exception {
        try (ProjectSync p1 = ProjectSync.claim(db.dataSource(), table, "p1", false, true);
                ProjectSync p2 = ProjectSync.claim(db.dataSource(), table, "p2", false, true);
                TableSink one = TableSink.open(db.dataSource(), table, null, ALL, p1);
                TableSink two = TableSink.open(db.dataSource(), table, null, ALL, p2)) {
            one.write(line("p1", "shared", "a"));
            one.commit();
            two.write(line("p2", "shared", "a"));
            p1.finishing(new ProjectSync.Finish("t1", "2026-01-02T03:04:05Z", 1, 1));
            p2.finishing(new ProjectSync.Finish("t2", "2026-01-02T03:04:06Z", 1, 1));
            two.commit();
            one.commit();
        }
        assertEquals(1, count("_data_rows", "shared", null));
        assertEquals(2, count("_metadata", "shared", null));
        assertEquals(1, count("_attachments", "shared", null));
        assertEquals(1, count("_project_data_rows", "shared", "p1"));
        assertEquals(1, count("_project_data_rows", "shared", "p2"));
    }

    /**
     * Two partitions in threads of their own, each chunk of each holding the same 200 data rows
     * (as the sync benchmark's projects do): each data row's own rows are there once, and neither
     * partition fails (it deadlocked or left them twice before the shared rows' lock).
     */
    @Test
    void twoPartitionsWritingTheSameDataRowsAtOnceKeepOneCopyOfTheirOwnRows() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> partitions = new ArrayList<>();
            for (String project : List.of("p1", "p2")) {
                partitions.add(threads.submit(() -> {
                    ExportDecoder ownDecoder = ExportDecoder.standard();  // one per thread
                    List<List<LineRows>> chunks = new ArrayList<>();
                    for (int c = 0; c < 10; c++) {
                        List<LineRows> chunk = new ArrayList<>();
                        for (int i = 0; i < 200; i++) {
                            chunk.add(line(ownDecoder, project, "row" + (c * 200 + i), "a"));
                        }
                        chunks.add(chunk);
                    }
                    sync(table, project, false, true, chunks, 0, chunks.size());
                    return null;
                }));
            }
            for (Future<?> partition : partitions) {
                partition.get();
            }
        } finally {
            threads.shutdownNow();
        }
        String t = table.qualified();
        assertEquals(2000, db.queryLong("SELECT count(*) FROM " + t + "_data_rows"));
        assertEquals(0, db.queryLong("SELECT count(*) - count(DISTINCT data_row_id) FROM " + t + "_data_rows"));
        assertEquals(2 * 2000, db.queryLong("SELECT count(*) FROM " + t + "_metadata"));
        assertEquals(2000, db.queryLong("SELECT count(*) FROM " + t + "_attachments"));
        assertEquals(2 * 2000, db.queryLong("SELECT count(*) FROM " + t + "_project_data_rows"));
    }

    /** A project with a watermark is synced as before: --full replaces its groups and sweeps the rest. */
    @Test
    void aFullResyncOfAProjectWithRowsStillDeletesAndSweeps() throws Exception {
        sync(table, "p1", false, true, List.of(List.of(line("p1", "d1", "a"), line("p1", "d2", "a"))), 0, 1);
        TableName reference = db.newTable();
        ProjectSync.prepareTables(db.dataSource(), reference);
        List<List<LineRows>> resync = List.of(List.of(line("p1", "d1", "changed"), line("p1", "d3", "a")));
        sync(table, "p1", true, true, resync, 0, 1);
        sync(reference, "p1", true, true, resync, 0, 1);

        assertEquals(0, count("", "d2", "p1"), "d2 left the project: swept");
        assertEquals(0, count("_labels", "d2", "p1"));
        assertEquals(contents(reference).subList(0, 5), contents(table).subList(0, 5),
                "the long table and the project tables as a first sync of the new export leaves them");
    }

    /** Rows of the project from a run (no watermark), and a data row's no-project row: deleted as before. */
    @Test
    void aProjectWhoseRowsARunLoadedIsReplacedAndSweptAsBefore() throws Exception {
        try (TableSink run = TableSink.open(db.dataSource(), table, null, ALL)) {
            run.write(line("p1", "d1", "old"));
            run.write(line("p1", "gone", "old"));
            run.write(LineRows.annotationsOnly(TableSinkTest.line(TableSinkTest.row("d9", null, null, null))));
            run.commit();
        }
        sync(table, "p1", false, true, List.of(List.of(line("p1", "d1", "new"), line("p1", "d9", "new"))), 0, 1);
        long lineRows = line("p1", "d1", "x").annotations().size();
        assertEquals(lineRows, count("", "d1", "p1"));
        assertEquals(0, count("", "gone", "p1"), "swept");
        assertEquals(0, db.queryLong("SELECT count(*) FROM " + table.qualified() + " WHERE project_id IS NULL"),
                "d9's no-project row replaced by its rows in p1");
    }

    // --- helpers ------------------------------------------------------------------------------

    /**
     * Chunks {@code from} to {@code to} (exclusive) of a partition of {@code project}; the last
     * chunk of the export finishes it. Stopping short of it is a kill: nothing more is committed.
     */
    private void sync(TableName target, String project, boolean full, boolean fresh, List<List<LineRows>> chunks,
            int from, int to) throws Exception {
        ProjectSync sync = ProjectSync.claim(db.dataSource(), target, project, full, fresh);
        TableSink sink = TableSink.open(db.dataSource(), target, null, ALL, sync);
        try {
            for (int i = from; i < to; i++) {
                chunks.get(i).forEach(sink::write);
                if (i == chunks.size() - 1) {
                    sync.finishing(new ProjectSync.Finish("task-" + project + full, "2026-01-02T03:04:05Z", 7, 0));
                }
                sink.commit();
            }
        } finally {
            sync.close();  // unlocks first: closing the sink's connection ends the session a moment later
            sink.close();
        }
    }

    private LineRows line(String project, String dataRow, String answer) throws Exception {
        return line(decoder, project, dataRow, answer);
    }

    private LineRows line(ExportDecoder decoder, String project, String dataRow, String answer) throws Exception {
        String json = SeedLines.line(project, dataRow, SeedLines.OLD, answer)
                .replace("\"metadata_fields\":[]", "\"metadata_fields\":[{\"schema_id\":\"s1\",\"value\":\"" + dataRow
                        + "\"},{\"schema_id\":\"s2\",\"value\":\"" + answer + "\"}]")
                .replace("\"attachments\":[]", "\"attachments\":[{\"type\":\"TEXT\",\"value\":\"" + answer + "\"}]");
        ExportRecord record = decoder.decode(json);
        return LineRows.of(record, mapper.map(record), ALL);
    }

    /** A row of the group in the long table and in _labels, and a _data_rows and _metadata row of the data row. */
    private void plant(String dataRow, String project) throws Exception {
        String t = table.qualified();
        db.execute("INSERT INTO " + t + " (data_row_id, project_id) VALUES ('" + dataRow + "', '" + project + "')");
        db.execute("INSERT INTO " + t + "_labels (data_row_id, project_id, review_count) VALUES ('" + dataRow + "', '" + project
                + "', 0)");
        db.execute("INSERT INTO " + t + "_data_rows (data_row_id) VALUES ('" + dataRow + "')");
        db.execute("INSERT INTO " + t + "_metadata (data_row_id, position) VALUES ('" + dataRow + "', 9)");
    }

    /** Rows of {@code <table><suffix>} of the data row (and project, unless null). */
    private long count(String suffix, String dataRow, String project) throws Exception {
        return db.queryLong("SELECT count(*) FROM " + table.qualified() + suffix + " WHERE data_row_id = '" + dataRow
                + "'" + (project == null ? "" : " AND project_id = '" + project + "'"));
    }

    /** Every table's rows (the long table's without row_id), sorted; the project tables first. */
    private List<List<String>> contents(TableName target) throws Exception {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String suffix : List.of("", "_project_data_rows", "_labels", "_label_reviews", "_workflow_history",
                "_sync", "_data_rows", "_metadata", "_attachments", "_sync_seen")) {
            List<String> rows = new ArrayList<>();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT (to_jsonb(x) - 'row_id' - 'synced_at')::text FROM "
                            + target.qualified() + suffix + " x ORDER BY 1")) {
                while (r.next()) {
                    rows.add(r.getString(1));
                }
            }
            tables.put(suffix, rows);
        }
        return new ArrayList<>(tables.values());
    }
}
