package dev.audioexport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.audioexport.mapping.CompanionTable;
import dev.audioexport.mapping.LineRows;
import dev.audioexport.mapping.RowMapper;
import dev.audioexport.model.ExportDecoder;
import dev.audioexport.model.ExportRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The replacement rule of the companion tables: a line replaces what it describes (its data
 * row's data_rows, metadata and attachments rows; for each of its projects, that project's rows),
 * within one commit as across commits, and nothing else.
 */
class CompanionTableSinkTest {

    @TempDir
    Path dir;

    private TestDatabase db;
    private TableName table;
    private final ExportDecoder decoder = ExportDecoder.standard();
    private final RowMapper mapper = new RowMapper();

    @AfterEach
    void drop() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private TableSink open(String target) throws Exception {
        db = TestDatabase.of(target.startsWith("h2") ? "h2" : "postgresql", dir);
        table = db.newTable();
        return TableSink.open(db.dataSource(), table, target.endsWith("insert") ? TableSink.Load.INSERT : null,
                EnumSet.allOf(CompanionTable.class));
    }

    private LineRows line(String json) throws Exception {
        ExportRecord record = decoder.decode(json);
        return LineRows.of(record, mapper.map(record), EnumSet.allOf(CompanionTable.class));
    }

    private static final String OLD_DR1 = "{\"data_row\":{\"id\":\"dr1\"},\"metadata_fields\":[{\"schema_id\":\"a\",\"value\":\"x\"},"
            + "{\"schema_id\":\"b\",\"value\":2}],\"attachments\":[{\"type\":\"TEXT\",\"value\":\"t\"}],"
            + "\"projects\":{\"p1\":{\"labels\":[{\"id\":\"l1\",\"label_details\":{\"reviews\":[{\"action\":\"Approve\"}]}}],"
            + "\"project_details\":{\"workflow_history\":[{\"action\":\"Move\"},{\"action\":\"Approve\"}]}},"
            + "\"p2\":{\"labels\":[{\"id\":\"l2\"}],\"project_details\":{\"workflow_history\":[{\"action\":\"Move\"}]}}}}";
    /** dr1 again, newer: one metadata field, no attachments, p1 without labels or history, p2 not in it. */
    private static final String NEW_DR1 = "{\"data_row\":{\"id\":\"dr1\"},\"metadata_fields\":[{\"schema_id\":\"c\",\"value\":\"y\"}],"
            + "\"projects\":{\"p1\":{\"labels\":[]}}}";
    private static final String DR2 = "{\"data_row\":{\"id\":\"dr2\"},\"metadata_fields\":[{\"schema_id\":\"a\",\"value\":\"z\"}],"
            + "\"projects\":{\"p1\":{\"labels\":[{\"id\":\"l3\"}]}}}";

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql-copy", "postgresql-insert"})
    void aLineReplacesWhatItDescribesAcrossCommits(String target) throws Exception {
        try (TableSink sink = open(target)) {
            sink.write(line(OLD_DR1));
            sink.write(line(DR2));
            sink.commit();
            sink.write(line(NEW_DR1));
            sink.commit();
        }
        assertNewerDr1(target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql-copy"})
    void aLaterLineOfTheSameCommitReplacesAnEarlierOne(String target) throws Exception {
        try (TableSink sink = open(target)) {
            sink.write(line(OLD_DR1));
            sink.write(line(DR2));
            sink.write(line(NEW_DR1));
            sink.commit();
        }
        assertNewerDr1(target);
    }

    private void assertNewerDr1(String target) throws Exception {
        assertEquals(List.of("dr1|c", "dr2|a"), select("metadata", "data_row_id, schema_id"), target);
        assertEquals(List.of(), select("attachments", "data_row_id"));
        assertEquals(List.of("dr1", "dr2"), select("data_rows", "data_row_id"));
        // p2 of dr1 is not in the newer line: an incremental export cannot say it was removed, so it stays
        assertEquals(List.of("p1|dr1|0", "p1|dr2|1", "p2|dr1|1"), select("project_data_rows",
                "project_id, data_row_id, label_count"));
        assertEquals(List.of("p1|dr2|l3", "p2|dr1|l2"), select("labels", "project_id, data_row_id, label_id"));
        assertEquals(List.of(), select("label_reviews", "label_id"));
        assertEquals(List.of("p2|dr1|0"), select("workflow_history", "project_id, data_row_id, position"));
    }

    private static String scored(String dataRowId, String score) {
        return "{\"data_row\":{\"id\":\"" + dataRowId + "\"},\"projects\":{\"p1\":{\"labels\":[{\"id\":\"l1\","
                + "\"performance_details\":{\"consensus_score\":" + score + "}}]}}}";
    }

    /**
     * A score is any JSON number, but H2's decfloat holds at most 100000 digits (in all, and
     * before the point) and PostgreSQL's numeric 16383 after the point: a score beyond them must reject its line (naming data row, table and
     * column) before the chunk's transaction, not fail the chunk at every restart. Scores up to
     * those limits are stored, in both databases.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql-copy", "postgresql-insert"})
    void aScoreTheNumericColumnCannotHoldRejectsItsLineAndOneItCanIsStored(String target) throws Exception {
        for (String tooBig : List.of("1e100000", "1e131072", "1e-16384", "1.0e-16383", "-1e200000", "9".repeat(90000) + "." + "9".repeat(10001))) {
            RowValueException e = assertThrows(RowValueException.class, () -> CompanionValues.check(
                    CompanionTable.LABELS, line(scored("dr9", tooBig)).rows(CompanionTable.LABELS)), tooBig);
            String shown = tooBig.length() <= 64 ? tooBig : "9".repeat(32) + "... (100002 characters)";
            assertEquals("data row dr9, table labels: column consensus_score is " + shown + ", not a number that "
                    + "fits the table's numeric column", e.getMessage());
        }
        List<String> fitting = List.of("1e99999", "-1e-16383", "-0", "1E+3", "0.5", "9".repeat(90000) + "." + "9".repeat(10000));
        try (TableSink sink = open(target)) {
            for (int i = 0; i < fitting.size(); i++) {
                LineRows line = line(scored("dr" + i, fitting.get(i)));
                CompanionValues.check(CompanionTable.LABELS, line.rows(CompanionTable.LABELS));
                sink.write(line);
            }
            sink.commit();
        }
        assertEquals(fitting.size(), db.queryLong("SELECT count(*) FROM " + table.companion("labels").qualified()
                + " WHERE consensus_score IS NOT NULL"));
    }

    /**
     * COPY sends a score written plainly as it is, any other through its BigDecimal (as INSERT
     * binds every score): the same values and scales come out either way, the same as INSERT's.
     */
    @org.junit.jupiter.api.Test
    void copyStoresEveryScoreAsInsertDoes() throws Exception {
        List<String> scores = List.of("7.50", "-0", "-0.00", "0.1230", "12", "-3.25", "1.5e3", "1.50e1", "1E+3",
                "-1e-5", "1e20", "123456789012345678901234567890.5");
        assertEquals(List.of(true, true, true, true, true, true, false, false, false, false, false, true),
                scores.stream().map(CompanionValues::isPlainDecimal).toList());
        List<List<String>> stored = new ArrayList<>();
        for (String target : List.of("postgresql-copy", "postgresql-insert")) {
            try (TableSink sink = open(target)) {
                for (int i = 0; i < scores.size(); i++) {
                    sink.write(line(scored("dr" + i, scores.get(i))));
                }
                sink.commit();
            }
            stored.add(select("labels", "data_row_id, consensus_score::text"));
            db.close();
            db = null;
        }
        assertEquals(stored.get(1), stored.get(0));
        assertEquals("dr0|7.50", stored.get(0).get(0));
        assertEquals(List.of(false, false, false, false, false, true), List.of("", "-", "1.", ".5", "+1", "007.50")
                .stream().map(CompanionValues::isPlainDecimal).toList());
    }

    /** A long table created before the companion tables keeps its rows and gets them by migration V2. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anExistingLongTableGetsTheCompanionTablesByANewMigration(String target) throws Exception {
        db = TestDatabase.of(target, dir);
        table = db.newTable();
        SqlDatabase database;
        try (Connection c = db.dataSource().getConnection()) {
            database = SqlDatabase.of(c.getMetaData());
        }
        org.flywaydb.core.Flyway.configure(TableSchema.class.getClassLoader()).dataSource(db.dataSource())
                .locations(TableSchema.LOCATION).table(database.fold(table.table() + "_history"))
                .placeholders(TableSchema.placeholders(table, database)).baselineOnMigrate(true).baselineVersion("0")
                .schemas(table.schema() == null ? new String[0] : new String[] {database.fold(table.schema())})
                .createSchemas(true).target("1").load().migrate();
        db.execute("INSERT INTO " + table.qualified() + " (data_row_id) VALUES ('kept')");

        try (TableSink sink = TableSink.open(db.dataSource(), table, null, EnumSet.allOf(CompanionTable.class))) {
            sink.write(line(DR2));
            sink.commit();
        }
        assertEquals(1, db.queryLong("SELECT count(*) FROM " + table.qualified() + " WHERE data_row_id = 'kept'"));
        assertEquals(List.of("dr2|a"), select("metadata", "data_row_id, schema_id"));
        assertEquals(2, db.queryLong("SELECT count(*) FROM " + table.qualified() + "_history WHERE \"success\""
                + " AND \"version\" IN ('1', '2')"));
    }

    private List<String> select(String companion, String columns) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT " + columns + " FROM " + table.companion(companion).qualified()
                     + " ORDER BY " + columns)) {
            int width = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= width; i++) {
                    values.add(r.getString(i));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }
}
