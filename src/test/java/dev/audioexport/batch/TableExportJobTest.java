package dev.audioexport.batch;

import static dev.audioexport.batch.EmbeddedJobs.parameters;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.mapping.Column;
import dev.audioexport.sink.CsvRecords;
import dev.audioexport.sink.TableName;
import dev.audioexport.sink.TestDatabase;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.json.Json;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped job writing a table (and the CSV beside it) on H2 and PostgreSQL. */
class TableExportJobTest {

    private static final int LINES = 60;
    private static final int CHUNK = 7;
    private static final int[] BAD = {5, 22, 23, 58};

    @TempDir
    static Path state;

    @TempDir
    Path dir;

    static EmbeddedJobs jobs;
    private TestDatabase db;

    @BeforeAll
    static void runtime() {
        jobs = new EmbeddedJobs(state);
    }

    @AfterEach
    void dropTables() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private Properties tableParameters(Path source, Path csv, TableName table, int chunk, String... more) {
        Properties p = parameters(source, csv, chunk, more);
        p.setProperty("jdbcUrl", db.url());
        p.setProperty("table", table.qualified());
        return p;
    }

    @ParameterizedTest
    @CsvSource({"h2, seed-audio-export.ndjson", "h2, real-image-export.ndjson", "postgresql, seed-audio-export.ndjson",
            "postgresql, real-image-export.ndjson"})
    void theTableHoldsTheCsvValueForValue(String database, String sample) throws Exception {
        db = TestDatabase.of(database, dir);
        TableName table = db.newTable();
        Path csv = dir.resolve("out.csv");
        JobExecution run = jobs.run("audio-export", tableParameters(ExportJobTest.sample(sample), csv, table, 10));

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus(), run.getExitStatus());
        List<List<String>> rows = db.rowsInOrder(table);
        assertEquals(CsvRecords.withoutHeader(csv), rows);
        assertEquals(jobs.operations.totals(run.getExecutionId()).rowsWritten(), rows.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void goodLinesWithTextQuotesAndLineBreaksAndBadLinesArriveAsInTheCsvAndTheSameRunAgainChangesNothing(
            String database) throws Exception {
        db = TestDatabase.of(database, dir);
        TableName table = db.newTable();
        Path source = TableTestExports.write(dir.resolve("export.ndjson"), LINES, BAD);
        Path csv = dir.resolve("first.csv");
        assertEquals(BatchStatus.COMPLETED,
                jobs.run("audio-export", tableParameters(source, csv, table, CHUNK)).getBatchStatus());
        List<List<String>> first = db.rowsInOrder(table);
        assertEquals(CsvRecords.withoutHeader(csv), first);
        assertEquals(ExportJobTest.goodRowCount(LINES, BAD), first.size());

        JobExecution again = jobs.run("audio-export", tableParameters(source, dir.resolve("again.csv"), table, 5));
        assertEquals(BatchStatus.COMPLETED, again.getBatchStatus());
        assertEquals(first, db.rowsInOrder(table));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aNewerExportOfSomeDataRowsReplacesJustTheirRows(String database) throws Exception {
        db = TestDatabase.of(database, dir);
        TableName table = db.newTable();
        Path all = TableTestExports.write(dir.resolve("all.ndjson"), 30);
        Path allCsv = dir.resolve("all.csv");
        assertEquals(BatchStatus.COMPLETED, jobs.run("audio-export", tableParameters(all, allCsv, table, 4))
                .getBatchStatus());
        Path newer = TableTestExports.newer(dir.resolve("newer.ndjson"), List.of(3, 4, 10, 29));
        Path newerCsv = dir.resolve("newer.csv");
        assertEquals(BatchStatus.COMPLETED, jobs.run("audio-export", tableParameters(newer, newerCsv, table, 3))
                .getBatchStatus());

        Map<String, List<List<String>>> expected = byGroup(CsvRecords.withoutHeader(allCsv));
        Map<String, List<List<String>>> replacements = byGroup(CsvRecords.withoutHeader(newerCsv));
        assertEquals(4, replacements.size());
        expected.putAll(replacements);
        Map<String, List<List<String>>> actual = byGroup(db.rowsInOrder(table));
        assertEquals(expected, actual);
        assertTrue(actual.get("dr3|proj1").size() != byGroup(CsvRecords.withoutHeader(allCsv)).get("dr3|proj1").size(),
                "dr3 has another number of rows in the newer export");
    }

    @ParameterizedTest
    @CsvSource({"h2, afterProcess:24", "h2, afterWrite:3", "postgresql, afterProcess:4",
            "postgresql, afterWrite:3", "postgresql, afterWrite:9"})
    void aFailureThenRestartGivesTheTableOfAnUninterruptedRun(String database, String failAt) throws Exception {
        db = TestDatabase.of(database, dir);
        TableName table = db.newTable();
        Path source = TableTestExports.write(dir.resolve("export.ndjson"), LINES, BAD);
        Path reference = dir.resolve("reference.csv");
        assertEquals(BatchStatus.COMPLETED, jobs.run("audio-export", parameters(source, reference, CHUNK))
                .getBatchStatus());

        Path csv = dir.resolve("out.csv");
        JobExecution failed = jobs.run(FaultInjectingJobXmlResolver.JOB,
                tableParameters(source, csv, table, CHUNK, "failAt", failAt));
        assertEquals(BatchStatus.FAILED, failed.getBatchStatus());
        long checkpointed = jobs.operations.totals(failed.getExecutionId()).rowsWritten();
        if (failAt.startsWith("afterWrite")) {
            assertTrue(db.count(table) > checkpointed, "the table holds rows past the saved checkpoint, which the "
                    + "restart writes again: " + db.count(table) + " > " + checkpointed);
        }
        Properties noMoreFaults = new Properties();
        noMoreFaults.setProperty("failAt", "");
        JobExecution restarted = jobs.restart(failed.getExecutionId(), noMoreFaults);

        assertEquals(BatchStatus.COMPLETED, restarted.getBatchStatus(), restarted.getExitStatus());
        assertEquals(CsvRecords.withoutHeader(reference), db.rowsInOrder(table), "table after failing at " + failAt);
        assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(csv));
    }

    @Test
    void aConnectionKilledMidRunFailsTheRunCleanlyAndRestartCompletesTheSameTable() throws Exception {
        db = TestDatabase.postgres();
        TableName table = db.newTable();
        String application = "audioexport-" + table.schema();
        Path source = TableTestExports.write(dir.resolve("big.ndjson"), 20_000, 17, 15_000);
        Path csv = dir.resolve("out.csv");
        Properties parameters = tableParameters(source, csv, table, 100);
        parameters.setProperty("jdbcUrl", db.url() + "&ApplicationName=" + application);

        long execution;
        try (var run = jobs.operations.start("audio-export", parameters)) {
            execution = run.executionId();
            awaitRows(table, execution);
            assertEquals(1, db.queryLong("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    + "WHERE application_name = '" + application + "'"));
            assertEquals(BatchStatus.FAILED, jobs.operations.awaitEnd(execution));
        }
        String exit = jobs.operations.execution(execution).getExitStatus();
        assertTrue(exit.startsWith("FAILED: Could not write ") && exit.contains(" rows to table " + table
                + " (rolled back; a restart writes them again): "), exit);

        JobExecution restarted = jobs.restart(execution, new Properties());
        assertEquals(BatchStatus.COMPLETED, restarted.getBatchStatus(), restarted.getExitStatus());
        List<List<String>> expected = CsvRecords.withoutHeader(csv);
        assertEquals(ExportJobTest.goodRowCount(20_000, 17, 15_000), expected.size());
        assertEquals(expected, db.rowsInOrder(table));
    }

    private void awaitRows(TableName table, long execution) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (rowsSoFar(table) == 0) {
            BatchStatus status = jobs.operations.execution(execution).getBatchStatus();
            assertTrue(status == BatchStatus.STARTING || status == BatchStatus.STARTED, "run ended: " + status);
            assertTrue(System.currentTimeMillis() < deadline, "no rows in the table after 60 s");
            Thread.sleep(10);
        }
    }

    /** Rows in the table, 0 before the run has created it. */
    private long rowsSoFar(TableName table) {
        try {
            return db.count(table);
        } catch (java.sql.SQLException notYetCreated) {
            return 0;
        }
    }

    @Test
    void aValueTheTableCannotHoldRejectsTheLineNamingDataRowAndColumn() throws Exception {
        db = TestDatabase.h2(dir);
        TableName table = db.newTable();
        Path source = TestExports.write(dir.resolve("halves.ndjson"), 3);
        Path csv = dir.resolve("halves.csv");
        JobExecution run = jobs.run("audio-export", tableParameters(source, csv, table, 10));

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus());
        List<String> reasons = Files.readAllLines(Path.of(csv + ".rejects.jsonl")).stream()
                .map(line -> Json.createReader(new StringReader(line)).readObject().getString("reason")).toList();
        assertEquals(IntStream.rangeClosed(1, 3).mapToObj(n -> "data row dr" + n + ", label lb" + n + "_0: "
                + "seconds_to_review is 0.5, not a whole number that fits the table's integer column").toList(), reasons);
        assertEquals(0, db.count(table));
    }

    @Test
    void aTableOnlyRunNeedsNoCsv() throws Exception {
        db = TestDatabase.h2(dir);
        TableName table = db.newTable();
        Properties p = tableParameters(ExportJobTest.sample("seed-audio-export.ndjson"), dir, table, 10);
        p.remove("csv");
        p.setProperty("rejects", dir.resolve("rejects.jsonl").toString());
        JobExecution run = jobs.run("audio-export", p);

        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus(), run.getExitStatus());
        assertEquals(CsvRecords.withoutHeader(Path.of(ExportJobTest.class.getResource(
                "/samples/seed-audio-export.expected.csv").toURI())), db.rowsInOrder(table));
    }

    @Test
    void aBadTableNameOrAPasswordInTheUrlFailsTheRunBeforeAnyRowSayingWhy() throws Exception {
        db = TestDatabase.h2(dir);
        Path seed = ExportJobTest.sample("seed-audio-export.ndjson");
        Properties badName = tableParameters(seed, dir.resolve("a.csv"), db.newTable(), 10);
        badName.setProperty("table", "rows; drop table x");
        JobExecution refused = jobs.run("audio-export", badName);
        assertEquals(BatchStatus.FAILED, refused.getBatchStatus());
        assertEquals("FAILED: Job parameter table or tableLoad: table name 'rows; drop table x' is not an SQL "
                + "identifier: use letters, digits and _ (not first), at most 41 characters, optionally "
                + "schema-qualified as schema.table (a schema of at most 63)", refused.getExitStatus());

        Properties password = tableParameters(seed, dir.resolve("b.csv"), db.newTable(), 10);
        password.setProperty("jdbcUrl", db.url() + ";PASSWORD=secret");
        JobExecution noSecrets = jobs.run("audio-export", password);
        assertEquals("FAILED: jdbcUrl holds a password, which must not be a job parameter: set "
                + "AUDIOEXPORT_DB_PASSWORD instead.", noSecrets.getExitStatus());
    }

    /** Rows by (data_row_id, project_id) group, each group's rows in order. */
    static Map<String, List<List<String>>> byGroup(List<List<String>> rows) {
        Map<String, List<List<String>>> groups = new TreeMap<>();
        for (List<String> row : rows) {
            String key = row.get(Column.DATA_ROW_ID.ordinal()) + "|" + row.get(Column.PROJECT_ID.ordinal());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        return groups;
    }
}
