package dev.audioexport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The migrations' fast path: Flyway is skipped only when the history shows every migration applied. */
class TableSchemaTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aTableIsCurrentOnlyOnceEveryMigrationSucceeded(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.of(kind, dir)) {
            TableName table = db.newTable();
            SqlDatabase database = db.isPostgres() ? SqlDatabase.POSTGRESQL : SqlDatabase.H2;
            assertFalse(TableSchema.isCurrent(db.dataSource(), table, database), "no history yet");
            TableSchema.migrate(db.dataSource(), table, database);
            assertTrue(TableSchema.isCurrent(db.dataSource(), table, database));
            TableSchema.migrate(db.dataSource(), table, database);  // the fast path: still there, still current
            assertEquals(0, db.count(table));

            String history = database.quoted(table.companion("history"));
            db.execute("UPDATE " + history + " SET \"success\" = false WHERE \"version\" = '" + TableSchema.NEWEST + "'");
            assertFalse(TableSchema.isCurrent(db.dataSource(), table, database), "a failed migration goes to Flyway");
            db.execute("UPDATE " + history + " SET \"success\" = true, \"version\" = '" + (TableSchema.NEWEST + 1)
                    + "' WHERE \"version\" = '" + TableSchema.NEWEST + "'");
            assertFalse(TableSchema.isCurrent(db.dataSource(), table, database),
                    "a version missing (or one newer than this build knows) goes to Flyway");
            db.execute("DELETE FROM " + history);
            assertFalse(TableSchema.isCurrent(db.dataSource(), table, database));
        }
    }

    /** NEWEST must follow the migrations: a V4 added without it would be skipped by the fast path. */
    @Test
    void newestIsTheHighestMigrationInTheSources() throws Exception {
        Pattern name = Pattern.compile("V(\\d+)__.*\\.sql");
        int highest;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/dev/audioexport/sink/table"))) {
            highest = files.map(file -> name.matcher(file.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();
        }
        assertEquals(highest, TableSchema.NEWEST);
    }
}
