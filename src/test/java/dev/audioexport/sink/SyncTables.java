package dev.audioexport.sink;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The tests of a sync's partitions: a fresh schema of the test PostgreSQL with a sync's tables, dropped after each test. */
abstract class SyncTables {

    TestDatabase db;
    TableName table;

    @BeforeEach
    void openSyncTables() throws Exception {
        db = TestDatabase.postgres();
        table = db.newTable();
        ProjectSync.prepareTables(db.dataSource(), table);
    }

    @AfterEach
    void dropSyncTables() throws Exception {
        db.close();
    }
}
