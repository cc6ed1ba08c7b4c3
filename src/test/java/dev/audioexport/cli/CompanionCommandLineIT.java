package dev.audioexport.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.bench.SyntheticExport;
import dev.audioexport.mapping.CompanionTable;
import dev.audioexport.sink.TableName;
import dev.audioexport.sink.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command line writing all eight tables into a directory and into PostgreSQL at
 * once, killed with SIGKILL at many points of one run, each time continued by {@code restart
 * --last}: every file byte-identical to an uninterrupted run's, every table equal.
 */
class CompanionCommandLineIT {

    /** Fractions of the uninterrupted annotations.csv at which the run (then each restart) is killed. */
    private static final double[] KILL_AT = {0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95};

    @TempDir
    Path dir;

    private TestDatabase db;

    private Map<String, String> env() {
        return Map.of("AUDIOEXPORT_HOME", dir.resolve("state").toString());
    }

    @AfterEach
    void dropTables() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void killedWithSigkillAtManyPointsThenRestartedGivesTheSameFilesAndTables() throws Exception {
        db = TestDatabase.postgres();
        TableName reference = db.newTable();
        TableName table = db.newTable();
        Path source = dir.resolve("export.ndjson");
        SyntheticExport.write(source, 12, false);
        Files.writeString(source, "not json\n", java.nio.file.StandardOpenOption.APPEND);

        CliProcess.Result whole = CliProcess.run(dir, env(), "run", "--source", source.toString(), "--out", "expected",
                "--jdbc", db.url(), "--table", reference.qualified(), "--chunk-size", "100");
        assertEquals(0, whole.exitCode(), whole.toString());
        assertTrue(whole.stdout().contains("  directory       " + dir.resolve("expected").toAbsolutePath()), whole.toString());
        long fullSize = Files.size(dir.resolve("expected/annotations.csv"));

        CliProcess victim = CliProcess.start(dir, env(), "run", "--source", source.toString(), "--out", "out",
                "--jdbc", db.url(), "--table", table.qualified(), "--chunk-size", "100");
        int kills = 0;
        for (double fraction : KILL_AT) {
            if (waitForSize(dir.resolve("out/annotations.csv"), (long) (fullSize * fraction), victim)) {
                victim.kill();
                kills++;
                assertFalse(Files.exists(dir.resolve("out/manifest.json")), "no manifest in a partial directory");
            }
            victim = CliProcess.start(dir, env(), "restart", "--last");
        }
        CliProcess.Result last = victim.await(300);
        assertEquals(0, last.exitCode(), last.toString());
        assertTrue(kills >= KILL_AT.length - 1, "killed " + kills + " times");

        List<String> files = new ArrayList<>(List.of("annotations.csv", "rejects.jsonl"));
        for (CompanionTable companion : CompanionTable.values()) {
            files.add(companion.fileName());
        }
        for (String file : files) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("expected").resolve(file)),
                    Files.readAllBytes(dir.resolve("out").resolve(file)), file + " after " + kills + " kills");
        }
        assertTrue(Files.exists(dir.resolve("out/manifest.json")));
        assertEquals(db.rowsInOrder(reference), db.rowsInOrder(table));
        for (CompanionTable companion : CompanionTable.values()) {
            assertEquals(rows(reference.companion(companion.tableName())), rows(table.companion(companion.tableName())),
                    companion.tableName());
        }
    }

    @Test
    void badDirectoryOptionsExitWithTwoAndOneClearLine() throws Exception {
        Files.writeString(dir.resolve("in.ndjson"), "{}");
        Files.writeString(dir.resolve("a-file"), "");
        String[][] cases = {
            {"give --csv FILE (the long table alone) or --out DIR (all tables), not both", "--csv", "x.csv", "--out", "d"},
            {"--tables: unknown table 'label': the companion tables are data_rows, metadata, attachments, "
                    + "project_data_rows, labels, label_reviews, workflow_history", "--out", "d", "--tables", "labels,label"},
            {"--tables needs --out or --jdbc: --csv writes the long table alone", "--csv", "x.csv", "--tables", "labels"},
            {"--out: " + dir.resolve("a-file").toAbsolutePath() + " is not a directory", "--out", "a-file"},
        };
        for (String[] bad : cases) {
            String[] args = new String[bad.length + 2];
            args[0] = "run";
            args[1] = "--source";
            args[2] = "in.ndjson";
            System.arraycopy(bad, 1, args, 3, bad.length - 1);
            CliProcess.Result result = CliProcess.run(dir, env(), args);
            assertEquals(2, result.exitCode(), result.toString());
            assertTrue(result.stderr().contains(bad[0]), result.toString());
        }
        assertFalse(Files.exists(dir.resolve("d")), "nothing written");
    }

    /** True once the file holds {@code size} bytes; false when the process ended first. */
    private static boolean waitForSize(Path file, long size, CliProcess process) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        while (!Files.exists(file) || Files.size(file) < size) {
            if (!process.isAlive()) {
                return false;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("stalled before " + size + " bytes of " + file);
            }
            Thread.sleep(5);
        }
        return true;
    }

    private List<String> rows(TableName name) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT * FROM " + name.qualified())) {
            int width = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= width; i++) {
                    row.append(r.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        rows.sort(Comparator.naturalOrder());
        return rows;
    }
}
