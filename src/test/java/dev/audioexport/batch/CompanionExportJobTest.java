package dev.audioexport.batch;

import static dev.audioexport.batch.EmbeddedJobs.parameters;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.mapping.ColumnType;
import dev.audioexport.mapping.CompanionTable;
import dev.audioexport.mapping.TableColumn;
import dev.audioexport.sink.CsvRecords;
import dev.audioexport.sink.TableName;
import dev.audioexport.sink.TestDatabase;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped job writing an output directory (all eight tables, manifest last) and the companion tables in a database. */
class CompanionExportJobTest {

    private static final int CHUNK = 5;
    /** Rows per companion table of {@link #source}, counted from its JSON by hand (53 real lines and one written here). */
    private static final List<Long> COMPANION_ROWS = List.of(54L, 5L, 2L, 55L, 54L, 1L, 177L);
    private static final String EXTRA_LINE = "{\"data_row\":{\"id\":\"dr1\"},\"media_attributes\":{\"mime_type\":\"audio/wav\","
            + "\"duration_ms\":12000.50},\"metadata_fields\":[{\"schema_id\":\"a\",\"value\":\"x\"},{\"schema_id\":\"b\","
            + "\"value\":\"opt\"},{\"schema_id\":\"c\",\"value\":\"2024-01-01T00:00:00Z\"},{\"schema_id\":\"d\",\"value\":1.50},"
            + "{\"schema_id\":\"e\",\"value\":[{\"schema_name\":\"en\"}]}],\"attachments\":[{\"type\":\"TEXT\",\"value\":\"t,1\"},"
            + "{\"type\":\"IMAGE\",\"value\":\"u\"}],\"projects\":{\"p1\":{\"labels\":[{\"id\":\"l1\",\"label_details\":"
            + "{\"reviews\":[{\"action\":\"Approve\"}]},\"performance_details\":{\"skipped\":true,\"consensus_score\":0.85,"
            + "\"benchmark_score\":1e-2,\"seconds_to_create\":3.0}}],\"project_details\":{\"priority\":2,"
            + "\"workflow_history\":[{\"action\":\"Move\"},{\"action\":\"Reject\"}]}},\"p2\":{}}}";

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

    private Path source() throws Exception {
        Path source = dir.resolve("export.ndjson");
        if (!Files.exists(source)) {
            byte[] real = Files.readAllBytes(ExportJobTest.sample("real-image-export.ndjson"));
            Files.write(source, real);
            Files.writeString(source, "not json\n" + EXTRA_LINE + "\n", java.nio.file.StandardOpenOption.APPEND);
        }
        return source;
    }

    private Properties directoryParameters(Path out, String... more) throws Exception {
        Properties p = parameters(source(), out.resolve("annotations.csv"), CHUNK, more);
        p.setProperty("outputDir", out.toString());
        p.setProperty("rejects", out.resolve("rejects.jsonl").toString());
        return p;
    }

    @Test
    void theDirectoryHoldsEveryTableWithItsHeaderAndTheManifestLast() throws Exception {
        Path csvOnly = dir.resolve("alone.csv");
        assertEquals(BatchStatus.COMPLETED, jobs.run("audio-export", parameters(source(), csvOnly, CHUNK)).getBatchStatus());
        Path out = dir.resolve("out");
        JobExecution run = jobs.run("audio-export", directoryParameters(out));
        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus(), run.getExitStatus());

        assertArrayEquals(Files.readAllBytes(csvOnly), Files.readAllBytes(out.resolve("annotations.csv")),
                "the long table is unchanged");
        for (CompanionTable table : CompanionTable.values()) {
            List<String> lines = Files.readAllLines(out.resolve(table.fileName()), StandardCharsets.UTF_8);
            assertEquals(String.join(",", table.columnNames()), lines.get(0), "header of " + table.fileName());
            assertEquals((long) COMPANION_ROWS.get(table.ordinal()),
                    CsvRecords.withoutHeader(out.resolve(table.fileName())).size(), table.fileName());
        }
        assertEquals(1, Files.readAllLines(out.resolve("rejects.jsonl")).size());
        JsonObject manifest = Json.createReader(new StringReader(Files.readString(out.resolve("manifest.json")))).readObject();
        assertEquals(source().toString(), manifest.getString("source"));
        assertEquals(run.getExecutionId(), manifest.getJsonNumber("executionId").longValue());
        assertEquals("1", manifest.getString("contract"));
        assertEquals(1, manifest.getInt("rejectedLines"));
        JsonObject rows = manifest.getJsonObject("rows");
        assertEquals(CsvRecords.withoutHeader(csvOnly).size(), rows.getInt("annotations"));
        for (CompanionTable table : CompanionTable.values()) {
            assertEquals((long) COMPANION_ROWS.get(table.ordinal()), rows.getJsonNumber(table.tableName()).longValue());
        }
        assertTrue(manifest.getString("completedAt").endsWith("Z"));
    }

    /**
     * A run into a directory first takes away the manifest of the run before it, and only then
     * touches its files: a directory with a manifest always holds the files it describes. Here the
     * stale manifest cannot be removed (a directory stands in its place), so the run fails, and
     * must do so before it has emptied the complete annotations.csv that manifest vouches for.
     */
    @Test
    void noFileIsTouchedBeforeTheStaleManifestIsGone() throws Exception {
        Path out = dir.resolve("again");
        assertEquals(BatchStatus.COMPLETED, jobs.run("audio-export", directoryParameters(out)).getBatchStatus());
        byte[] complete = Files.readAllBytes(out.resolve("annotations.csv"));
        Files.delete(out.resolve("manifest.json"));
        Files.createDirectories(out.resolve("manifest.json").resolve("undeletable"));

        assertEquals(BatchStatus.FAILED, jobs.run("audio-export", directoryParameters(out)).getBatchStatus());
        assertArrayEquals(complete, Files.readAllBytes(out.resolve("annotations.csv")));
    }

    @Test
    void aSubsetOfTablesWritesJustThose() throws Exception {
        Path out = dir.resolve("subset");
        assertEquals(BatchStatus.COMPLETED, jobs.run("audio-export", directoryParameters(out, "tables", "labels,metadata"))
                .getBatchStatus());
        assertTrue(Files.exists(out.resolve("labels.csv")) && Files.exists(out.resolve("metadata.csv")));
        assertFalse(Files.exists(out.resolve("data_rows.csv")));
    }

    /**
     * tables names companion tables, which only outputDir and jdbcUrl write: given with csv alone
     * (a server's operator, or management start-job), it is refused as the command line refuses
     * --tables without --out or --jdbc, rather than the run completing without the tables asked for.
     */
    @Test
    void tablesWithoutADirectoryOrADatabaseIsRefused() throws Exception {
        JobExecution run = jobs.run("audio-export", parameters(source(), dir.resolve("alone.csv"), CHUNK,
                "tables", "labels"));
        assertEquals(BatchStatus.FAILED, run.getBatchStatus());
        assertTrue(run.getExitStatus().contains("tables needs outputDir or jdbcUrl"), run.getExitStatus());
        assertFalse(Files.exists(dir.resolve("alone.csv")));
    }

    /** Inside a chunk, and after writing chunk N before its checkpoint; a stale manifest is gone meanwhile. */
    @ParameterizedTest
    @ValueSource(strings = {"afterProcess:1", "afterProcess:24", "afterProcess:50", "afterWrite:1", "afterWrite:3",
            "afterWrite:9"})
    void aFailureThenRestartGivesTheDirectoryOfAnUninterruptedRun(String failAt) throws Exception {
        Path expected = dir.resolve("expected");
        assertEquals(BatchStatus.COMPLETED, jobs.run("audio-export", directoryParameters(expected)).getBatchStatus());
        Path out = dir.resolve("restarted");
        Files.createDirectories(out);
        Files.writeString(out.resolve("manifest.json"), "{\"stale\":true}");

        JobExecution failed = jobs.run(FaultInjectingJobXmlResolver.JOB, directoryParameters(out, "failAt", failAt));
        assertEquals(BatchStatus.FAILED, failed.getBatchStatus());
        assertFalse(Files.exists(out.resolve("manifest.json")), "a partial directory has no manifest");
        Properties noMoreFaults = new Properties();
        noMoreFaults.setProperty("failAt", "");
        JobExecution restarted = jobs.restart(failed.getExecutionId(), noMoreFaults);
        assertEquals(BatchStatus.COMPLETED, restarted.getBatchStatus(), restarted.getExitStatus());

        for (String file : files()) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(file)), Files.readAllBytes(out.resolve(file)),
                    file + " after failing at " + failAt);
        }
        assertEquals(rowsOf(expected), rowsOf(out));
    }

    private static List<String> files() {
        List<String> files = new ArrayList<>(List.of("annotations.csv", "rejects.jsonl"));
        for (CompanionTable table : CompanionTable.values()) {
            files.add(table.fileName());
        }
        return files;
    }

    private static JsonObject rowsOf(Path directory) throws Exception {
        return Json.createReader(new StringReader(Files.readString(directory.resolve("manifest.json")))).readObject()
                .getJsonObject("rows");
    }

    /** Each companion table in the database holds its CSV's rows (typed columns compared as numbers). */
    @ParameterizedTest
    @CsvSource({"h2, ", "h2, afterWrite:3", "h2, afterProcess:30", "postgresql, ", "postgresql, insert",
            "postgresql, afterWrite:4", "postgresql, afterProcess:30"})
    void theCompanionTablesHoldTheCsvRowsAfterARestartAndAfterTheSameRunAgain(String database, String option)
            throws Exception {
        db = TestDatabase.of(database, dir);
        TableName table = db.newTable();
        Path out = dir.resolve("csvs");
        assertEquals(BatchStatus.COMPLETED, jobs.run("audio-export", directoryParameters(out)).getBatchStatus());

        Properties p = parameters(source(), dir.resolve("with-table.csv"), CHUNK);
        p.setProperty("jdbcUrl", db.url());
        p.setProperty("table", table.qualified());
        if ("insert".equals(option)) {
            p.setProperty("tableLoad", "insert");
        }
        JobExecution run;
        if (option != null && option.startsWith("after")) {
            p.setProperty("failAt", option);
            JobExecution failed = jobs.run(FaultInjectingJobXmlResolver.JOB, p);
            assertEquals(BatchStatus.FAILED, failed.getBatchStatus());
            Properties none = new Properties();
            none.setProperty("failAt", "");
            run = jobs.restart(failed.getExecutionId(), none);
        } else {
            run = jobs.run("audio-export", p);
        }
        assertEquals(BatchStatus.COMPLETED, run.getBatchStatus(), run.getExitStatus());
        assertTablesHoldTheCsvs(table, out);

        p.setProperty("csv", dir.resolve("again.csv").toString());
        p.remove("failAt");
        assertEquals(BatchStatus.COMPLETED, jobs.run("audio-export", p).getBatchStatus());
        assertTablesHoldTheCsvs(table, out);
    }

    /** One connection for all tables: H2 closes and compacts its file whenever the last one closes. */
    private void assertTablesHoldTheCsvs(TableName table, Path out) throws Exception {
        try (Connection connection = db.dataSource().getConnection()) {
            for (CompanionTable companion : CompanionTable.values()) {
                List<List<String>> expected = normalized(companion,
                        CsvRecords.withoutHeader(out.resolve(companion.fileName())));
                TableName name = table.companion(companion.tableName());
                assertEquals(expected, normalized(companion, select(connection, name, companion)), name.qualified());
            }
        }
    }

    private List<List<String>> select(Connection c, TableName name, CompanionTable companion) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        String columns = String.join(", ", companion.columnNames().stream()
                .map(column -> "\"" + (db.isPostgres() ? column : column.toUpperCase(Locale.ROOT)) + "\"").toList());
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT " + columns + " FROM " + name.qualified())) {
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= companion.columns().size(); i++) {
                    Object value = r.getObject(i);
                    row.add(value == null ? "" : value.toString());
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Numbers as numbers (1e-2 = 0.01, 3.0 = 3), rows sorted: a table has no order. */
    private static List<List<String>> normalized(CompanionTable companion, List<List<String>> rows) {
        List<List<String>> normalized = new ArrayList<>();
        for (List<String> row : rows) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                TableColumn column = companion.columns().get(i);
                boolean number = column.type() == ColumnType.INTEGER || column.type() == ColumnType.NUMERIC;
                values.add(number && !row.get(i).isEmpty()
                        ? new BigDecimal(row.get(i)).stripTrailingZeros().toPlainString() : row.get(i));
            }
            normalized.add(values);
        }
        normalized.sort(Comparator.comparing(List::toString));
        return normalized;
    }
}
