package dev.audioexport.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.batch.TableTestExports;
import dev.audioexport.sink.TableName;
import dev.audioexport.sink.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged command line writing a PostgreSQL table. */
class TableCommandLineIT {

    @TempDir
    Path dir;

    private TestDatabase db;

    private Map<String, String> env() {
        return Map.of("AUDIOEXPORT_HOME", dir.resolve("state").toString());
    }

    @AfterEach
    void dropTables() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aRunKilledWithSigkillIsFinishedByRestartLastWithTheSameTable() throws Exception {
        db = TestDatabase.postgres();
        TableName reference = db.newTable();
        TableName table = db.newTable();
        Path source = TableTestExports.write(dir.resolve("big.ndjson"), 20_000, 100, 15_000);
        CliProcess.Result uninterrupted = CliProcess.run(dir, env(), "run", "--source", source.toString(),
                "--jdbc", db.url(), "--table", reference.qualified(), "--chunk-size", "200");
        assertEquals(0, uninterrupted.exitCode(), uninterrupted.toString());
        assertTrue(uninterrupted.stdout().contains("table           " + reference + " in " + db.url()),
                uninterrupted.toString());
        long fullRows = db.count(reference);

        CliProcess victim = CliProcess.start(dir, env(), "run", "--source", source.toString(), "--jdbc", db.url(),
                "--table", table.qualified(), "--chunk-size", "200");
        waitForRows(table, fullRows / 3, victim);
        victim.kill();
        assertTrue(db.count(table) < fullRows, "killed before the end");

        CliProcess.Result restarted = CliProcess.run(dir, env(), "restart", "--last");
        assertEquals(0, restarted.exitCode(), restarted.toString());
        assertTrue(restarted.stderr().contains("Restarting execution 2 as execution 3"), restarted.toString());
        assertTrue(restarted.stdout().contains("lines rejected  2"), restarted.toString());
        List<List<String>> expected = db.rowsInOrder(reference);
        assertEquals(expected.size(), db.count(table));
        assertEquals(expected, db.rowsInOrder(table));
        assertTrue(Files.exists(dir.resolve(table.qualified() + ".rejects.jsonl")), "rejects beside, named by table");
    }

    private void waitForRows(TableName table, long rows, CliProcess process) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (rowsSoFar(table) < rows) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new AssertionError("the run ended or stalled before " + rows + " rows: " + process.await(1));
            }
            Thread.sleep(20);
        }
    }

    private long rowsSoFar(TableName table) {
        try {
            return db.count(table);
        } catch (SQLException notYetCreated) {
            return 0;
        }
    }

    @Test
    void badTableOptionsExitWithTwoAndOneClearLineBeforeAnythingStarts() throws Exception {
        Files.writeString(dir.resolve("in.ndjson"), "{}");
        String h2 = "jdbc:h2:file:" + dir.resolve("db");
        assertBadUsage("--table: table name 'audio rows' is not an SQL identifier", "--jdbc", h2, "--table",
                "audio rows");
        assertBadUsage("--jdbc: the URL holds a password, which would be saved in the job repository; set "
                + "AUDIOEXPORT_DB_PASSWORD instead", "--jdbc", h2 + ";PASSWORD=secret");
        assertBadUsage("--jdbc: cannot connect to jdbc:postgresql://127.0.0.1:1/test: Connection to 127.0.0.1:1 "
                + "refused", "--jdbc", "jdbc:postgresql://127.0.0.1:1/test");
        String nonAdmin = "jdbc:h2:file:" + dir.resolve("non-admin");
        try (Connection admin = DriverManager.getConnection(nonAdmin + ";USER=sa")) {
            admin.createStatement().execute("CREATE USER reader PASSWORD ''");
        }
        assertBadUsage("--jdbc: the user cannot force commits to disk on " + nonAdmin + ";USER=reader (H2: CHECKPOINT "
                + "SYNC needs admin rights)", "--jdbc", nonAdmin + ";USER=reader");
        assertBadUsage("COPY loads only into PostgreSQL; use INSERT for H2.", "--jdbc", h2, "--load", "copy");
        assertBadUsage("--jdbc: an in-memory H2 database ends with the command", "--jdbc", "jdbc:h2:mem:rows");
        assertBadUsage("schema names starting with pg_ are reserved by PostgreSQL", "--jdbc",
                TestDatabase.postgres().url(), "--table", "pg_rows.audio");
        assertBadUsage("give --csv FILE, --out DIR, --jdbc JDBC_URL, or --jdbc with one of the others");
        String status = CliProcess.run(dir, env(), "status").stdout();
        assertEquals("No executions in this job repository.", status.strip(), status);
    }

    @Test
    void aRestartChecksTheTablesDatabaseAsTheRunDidBeforeAnythingStarts() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("guarded");
        try (Connection admin = DriverManager.getConnection(url + ";USER=sa")) {
            admin.createStatement().execute("CREATE USER etl PASSWORD 'pw' ADMIN");
        }
        Files.writeString(dir.resolve("in.ndjson"), "not json\n");
        Map<String, String> withPassword = Map.of("AUDIOEXPORT_HOME", dir.resolve("state").toString(),
                "AUDIOEXPORT_DB_USER", "etl", "AUDIOEXPORT_DB_PASSWORD", "pw");
        CliProcess.Result failed = CliProcess.run(dir, withPassword, "run", "--source", "in.ndjson", "--jdbc", url,
                "--skip-limit", "0");
        assertEquals(1, failed.exitCode(), failed.toString());

        CliProcess.Result restart = CliProcess.run(dir, Map.of("AUDIOEXPORT_HOME", dir.resolve("state").toString(),
                "AUDIOEXPORT_DB_USER", "etl"), "restart", "--last");
        assertEquals(2, restart.exitCode(), restart.toString());
        assertTrue(restart.stderr().contains("--jdbc: cannot connect to " + url + ": Wrong user name or password"),
                restart.toString());
        assertFalse(restart.stderr().contains("Restarting"), restart.toString());
    }

    private void assertBadUsage(String message, String... options) throws Exception {
        String[] args = new String[options.length + 3];
        args[0] = "run";
        args[1] = "--source";
        args[2] = "in.ndjson";
        System.arraycopy(options, 0, args, 3, options.length);
        CliProcess.Result result = CliProcess.run(dir, env(), args);
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains(message), result.toString());
        assertFalse(result.stderr().contains("\tat "), "no stack trace on the terminal: " + result);
    }
}
