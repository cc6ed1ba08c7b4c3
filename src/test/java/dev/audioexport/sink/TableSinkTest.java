package dev.audioexport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.mapping.Column;
import dev.audioexport.mapping.CompanionTable;
import java.util.EnumSet;
import dev.audioexport.mapping.LineRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The table sink's lifecycle on real databases: typed values, replace by group, rollback. */
class TableSinkTest {

    @TempDir
    Path dir;

    private TestDatabase db;
    private TableName table;

    private TableSink open(String target) throws Exception {
        db = TestDatabase.of(target.startsWith("h2") ? "h2" : "postgresql", dir);
        table = db.newTable();
        return TableSink.open(db.dataSource(), table, target.endsWith("insert") ? TableSink.Load.INSERT : null);
    }

    @AfterEach
    void dropTables() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql-copy", "postgresql-insert"})
    void valuesArriveTypedAndTextVerbatim(String target) throws Exception {
        String text = "tab\there, \"quoted\"\r\nback\\slash \\N é 日本 😀";
        String[] row = row("dr1", "p1", "lb1", "a1");
        row[Column.SECONDS_TO_CREATE.ordinal()] = "12";
        row[Column.SECONDS_TO_REVIEW.ordinal()] = "3.0E1";
        row[Column.SKIPPED.ordinal()] = "true";
        row[Column.START_MS.ordinal()] = "-1500";
        row[Column.ANSWER_TEXT.ordinal()] = text;
        try (TableSink sink = open(target)) {
            sink.write(line(row, row("dr2", null, null, null)));
            assertEquals(2, sink.commit());
        }
        List<List<String>> rows = db.rowsInOrder(table);
        List<String> first = rows.get(0);
        assertEquals("12", first.get(Column.SECONDS_TO_CREATE.ordinal()));
        assertEquals("30", first.get(Column.SECONDS_TO_REVIEW.ordinal()));
        assertEquals("true", first.get(Column.SKIPPED.ordinal()));
        assertEquals("-1500", first.get(Column.START_MS.ordinal()));
        assertEquals("", first.get(Column.END_MS.ordinal()));
        assertEquals(text, first.get(Column.ANSWER_TEXT.ordinal()));
        assertEquals(Arrays.asList(text(row("dr2", null, null, null))), rows.get(1));
        assertEquals(1, db.queryLong("SELECT count(*) FROM " + table + " WHERE project_id IS NULL AND label_id IS NULL"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql-copy", "postgresql-insert"})
    void writingTheSameRowsAgainLeavesTheSameTable(String target) throws Exception {
        List<String[]> line1 = line(row("dr1", "p1", "lb1", "a1"), row("dr1", "p1", "lb1", "a2"),
                row("dr1", "p2", "lb2", "a1"));
        List<String[]> line2 = line(row("dr2", null, null, null));
        try (TableSink sink = open(target)) {
            sink.write(line1);
            sink.write(line2);
            sink.commit();
            List<List<String>> once = db.rows(table);
            sink.write(line1);
            sink.write(line2);
            sink.commit();
            assertEquals(once, db.rows(table));
            assertEquals(4, once.size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql-copy"})
    void aNewerExportReplacesExactlyItsGroups(String target) throws Exception {
        try (TableSink sink = open(target)) {
            sink.write(line(row("dr1", "p1", "lb1", "a1"), row("dr1", "p1", "lb1", "a2"),
                    row("dr1", "p2", "lb2", "a1")));
            sink.write(line(row("dr2", "p1", "lb3", "a1")));
            sink.write(line(row("dr3", null, null, null)));
            sink.commit();

            // dr1 in p1 now has one answer; dr3 has been added to p1; dr2 and dr1 in p2 are not in this export.
            sink.write(line(row("dr1", "p1", "lb9", "a9")));
            sink.write(line(row("dr3", "p1", "lb4", "a1")));
            sink.commit();
        }
        List<String> keys = db.rows(table).stream()
                .map(r -> r.get(Column.DATA_ROW_ID.ordinal()) + "/" + r.get(Column.PROJECT_ID.ordinal()) + "/"
                        + r.get(Column.LABEL_ID.ordinal()) + "/" + r.get(Column.ANSWER_FEATURE_ID.ordinal()))
                .toList();
        assertEquals(List.of("dr1/p1/lb9/a9", "dr1/p2/lb2/a1", "dr2/p1/lb3/a1", "dr3/p1/lb4/a1"), keys);
    }

    /**
     * A first load into empty tables deletes only for data rows it wrote before; a sink opened on
     * rows already there (a restart over chunks past its checkpoint, a second run) replaces them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql-copy", "postgresql-insert"})
    void aSinkOpenedOnRowsAlreadyThereReplacesThemAsARestartMust(String target) throws Exception {
        try (TableSink sink = open(target)) {
            sink.write(line(row("dr1", "p1", "lb1", "a1"), row("dr1", "p1", "lb1", "a2")));
            sink.write(line(row("dr2", null, null, null)));
            sink.commit();
            sink.write(line(row("dr3", "p1", "lb3", "a1")));
            sink.write(line(row("dr2", "p1", "lb2", "a1")));  // seen in the first commit: its no-project row goes
            sink.commit();
        }
        List<List<String>> firstRun = db.rows(table);
        assertEquals(4, firstRun.size());
        try (TableSink restarted = TableSink.open(db.dataSource(), table,
                target.endsWith("insert") ? TableSink.Load.INSERT : null)) {
            restarted.write(line(row("dr1", "p1", "lb1", "a1"), row("dr1", "p1", "lb1", "a2")));
            restarted.write(line(row("dr2", null, null, null)));
            restarted.commit();
            restarted.write(line(row("dr3", "p1", "lb3", "a1")));
            restarted.write(line(row("dr2", "p1", "lb2", "a1")));
            restarted.commit();
        }
        assertEquals(firstRun, db.rows(table));
    }

    /** H2 writes a commit to its file up to 500 ms later on its own; a killed process would lose it. */
    @Test
    void onH2ACommitIsInTheFileWhenItReturns() throws Exception {
        try (TableSink sink = open("h2")) {
            sink.write(line(row("dr1", "p1", "lb1", "a1")));
            sink.commit();
            Files.copy(dir.resolve("table-db.mv.db"), dir.resolve("as-if-killed.mv.db"));
        }
        try (Connection copy = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("as-if-killed"));
             ResultSet count = copy.createStatement().executeQuery("SELECT count(*) FROM " + table.qualified())) {
            count.next();
            assertEquals(1, count.getLong(1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql-copy"})
    void aLaterLineOfTheSameGroupWinsWithinOneCommitAsAcrossCommits(String target) throws Exception {
        try (TableSink sink = open(target)) {
            sink.write(line(row("dr1", "p1", "old", "a1"), row("dr1", "p1", "old", "a2")));
            sink.write(line(row("dr2", "p1", "lb2", "a1")));
            sink.write(line(row("dr3", null, null, null)));
            sink.write(line(row("dr1", "p1", "new", "a1")));
            sink.write(line(row("dr3", "p2", "lb3", "a1")));
            sink.commit();
        }
        assertEquals(List.of("lb2", "new", "lb3"), db.rowsInOrder(table).stream()
                .map(r -> r.get(Column.LABEL_ID.ordinal())).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql-copy", "postgresql-insert"})
    void aValueThatDoesNotFitRollsBackTheWholeCommitAndNamesRowAndColumn(String target) throws Exception {
        try (TableSink sink = open(target)) {
            sink.write(line(row("dr1", "p1", "lb1", "a1")));
            sink.commit();
            List<List<String>> before = db.rows(table);

            String[] bad = row("dr7", "p1", "lb7", "a1");
            bad[Column.SECONDS_TO_REVIEW.ordinal()] = "12.5";
            sink.write(line(row("dr1", "p1", "lb1", "changed")));
            sink.write(line(bad));
            SinkException e = assertThrows(SinkException.class, sink::commit);

            assertTrue(e.getMessage().startsWith("Could not write 2 rows to table " + table + " (rolled back; a "
                    + "restart writes them again): data row dr7, label lb7: seconds_to_review is 12.5, not a whole "
                    + "number"), e.getMessage());
            assertEquals(before, db.rows(table));
            sink.write(line(row("dr2", "p1", "lb2", "a1")));
            assertEquals(1, sink.commit(), "the sink goes on after a failed commit");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql-copy"})
    void inTheBackgroundAFailedCommitShowsAtTheNextWaitStaysFailedAndClosingStillWorks(String target) throws Exception {
        String[] bad = row("dr7", "p1", "lb7", "a1");
        bad[Column.END_MS.ordinal()] = "1.5";
        try (PipelinedSink background = new PipelinedSink(open(target), "table t", "test-table")) {
            background.commitInBackground(List.of(LineRows.annotationsOnly(line(row("dr1", "p1", "lb1", "a1")))));
            background.awaitCommitted();
            background.commitInBackground(List.of(LineRows.annotationsOnly(line(bad))));
            SinkException e = assertThrows(SinkException.class, background::awaitCommitted);
            assertTrue(e.getMessage().endsWith("data row dr7, label lb7: end_ms is 1.5, not a whole number that fits "
                    + "the table's integer column"), e.getMessage());
            assertThrows(SinkException.class, () -> background.commitInBackground(List.of(LineRows.annotationsOnly(line(row("dr2", "p1", "lb2", "a1"))))),
                    "after a failure nothing more counts as committed");
        }
        assertEquals(List.of("dr1"), db.rowsInOrder(table).stream()
                .map(r -> r.get(Column.DATA_ROW_ID.ordinal())).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void reopeningMigratesOnceAndEachTableHasItsOwnHistory(String target) throws Exception {
        try (TableSink sink = open(target)) {
            sink.write(line(row("dr1", "p1", "lb1", "a1")));
            sink.commit();
        }
        TableName other = new TableName(table.schema(), "Other_Table");
        try (TableSink again = TableSink.open(db.dataSource(), table, null);
             TableSink second = TableSink.open(db.dataSource(), other, null)) {
            assertEquals(table, again.table());
            second.write(line(row("dr1", "p1", "lb1", "a1")));
            second.commit();
        }
        assertEquals(1, db.count(table));
        assertEquals(1, db.count(other));
        String schema = table.schema() == null ? "" : table.schema() + ".";
        assertEquals(1, db.queryLong("SELECT count(*) FROM " + schema + "\"" + fold(table.table() + "_history")
                + "\" WHERE \"version\" = '1' AND \"success\""));
        assertEquals(1, db.queryLong("SELECT count(*) FROM " + schema + "\"" + fold("other_table_history")
                + "\" WHERE \"version\" = '1'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql-copy", "postgresql-insert"})
    void reservedWordsAndTheLongestNamesAreTablesToo(String target) throws Exception {
        open(target).close();
        for (String name : List.of("select", "value", "user", "x".repeat(41))) {
            TableName named = new TableName(table.schema(), name);
            try (TableSink sink = TableSink.open(db.dataSource(), named, target.endsWith("insert") ? TableSink.Load.INSERT : null,
                    EnumSet.allOf(CompanionTable.class))) {
                sink.write(line(row("dr1", "p1", "lb1", "a1")));
                sink.commit();
                sink.write(line(row("dr1", "p1", "lb1", "a2")));  // replaces the group: the delete names the table too
                sink.commit();
            }
            String quoted = (table.schema() == null ? "" : table.schema() + ".") + "\"" + fold(name) + "\"";
            assertEquals(1, db.queryLong("SELECT count(*) FROM " + quoted + " WHERE answer_feature_id = 'a2'"), name);
            assertEquals(1, db.queryLong("SELECT count(*) FROM " + quoted), name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql-copy", "postgresql-insert"})
    void aRowTheDatabaseRefusesFailsItsCommitWithTheDatabasesReasonOnOneLine(String target) throws Exception {
        try (TableSink sink = open(target)) {
            db.execute("ALTER TABLE " + table.qualified() + " ADD CONSTRAINT no_boom CHECK (answer_feature_id <> 'boom')");
            sink.write(line(row("dr1", "p1", "lb1", "boom")));
            SinkException e = assertThrows(SinkException.class, sink::commit);
            assertTrue(e.getMessage().startsWith("Could not write 1 rows to table " + table + " (rolled back; a restart "
                    + "writes them again): "), e.getMessage());
            assertTrue(e.getMessage().toLowerCase().contains("no_boom"), e.getMessage());  // COPY said only "Ending write to copy failed."
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertEquals(0, db.count(table));
    }

    @Test
    void postgresqlSystemSchemasAndCopyIntoH2AreRefusedBeforeAnyTable() throws Exception {
        open("postgresql").close();
        SinkException system = assertThrows(SinkException.class,
                () -> TableSink.open(db.dataSource(), new TableName("pg_rows", "audio"), null));
        assertEquals("Table pg_rows.audio: schema names starting with pg_ are reserved by PostgreSQL; choose another "
                + "schema.", system.getMessage());
        TestDatabase h2 = TestDatabase.h2(dir);
        SinkException copy = assertThrows(SinkException.class,
                () -> TableSink.open(h2.dataSource(), new TableName(null, "audio"), TableSink.Load.COPY));
        assertEquals("COPY loads only into PostgreSQL; use INSERT for H2.", copy.getMessage());
        assertEquals(0, h2.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_name = 'AUDIO'"));
    }

    private String fold(String name) {
        return db.isPostgres() ? name.toLowerCase() : name.toUpperCase();
    }

    /** The rows of one export line. */
    static List<String[]> line(String[]... rows) {
        return Arrays.asList(rows);
    }

    /** A row with the given keys and a few other values filled in. */
    static String[] row(String dataRow, String project, String label, String answer) {
        String[] row = new String[Column.COUNT];
        row[Column.DATA_ROW_ID.ordinal()] = dataRow;
        row[Column.GLOBAL_KEY.ordinal()] = dataRow + ".wav";
        row[Column.PROJECT_ID.ordinal()] = project;
        row[Column.LABEL_ID.ordinal()] = label;
        row[Column.ANSWER_FEATURE_ID.ordinal()] = answer;
        if (label != null) {
            row[Column.SKIPPED.ordinal()] = "false";
            row[Column.SECONDS_TO_CREATE.ordinal()] = "7";
        }
        return row;
    }

    private static String[] text(String[] row) {
        List<String> values = new ArrayList<>();
        for (String value : row) {
            values.add(value == null ? "" : value);
        }
        return values.toArray(String[]::new);
    }
}
