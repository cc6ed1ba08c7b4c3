package dev.audioexport.sink;

import static dev.audioexport.sink.TableSinkTest.line;
import static dev.audioexport.sink.TableSinkTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.mapping.LineRows;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A project's claim, marks, sweep and watermark, driven by hand on the test PostgreSQL. */
class ProjectSyncTest extends SyncTables {


    @Test
    void aSecondClaimOfAProjectIsRefusedNamingItUntilTheFirstSessionEnds() throws Exception {
        ProjectSync first = ProjectSync.claim(db.dataSource(), table, "p1", false, true);
        SinkException refused = assertThrows(SinkException.class,
                () -> ProjectSync.claim(db.dataSource(), table, "p1", false, true));
        assertTrue(refused.getMessage().startsWith("Project p1 is being synced into " + table + " by another process"),
                refused.getMessage());
        try (ProjectSync other = ProjectSync.claim(db.dataSource(), table, "p2", false, true)) {
            assertEquals("p2", other.projectId());  // another project is not held up
        }
        first.close();  // as when its process dies: the session, and the lock with it, is gone
        ProjectSync.claim(db.dataSource(), table, "p1", false, true).close();
    }

    @Test
    void aClaimWhileTheHolderIsEndingWaitsForItInsteadOfRefusing() throws Exception {
        // As a restart right after a kill: the killed sync's session ends a moment later.
        ProjectSync ending = ProjectSync.claim(db.dataSource(), table, "p1", false, true);
        Thread holder = new Thread(() -> {
            try {
                Thread.sleep(600);
                ending.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        holder.start();
        try (ProjectSync next = ProjectSync.claim(db.dataSource(), table, "p1", false, false)) {
            assertEquals("p1", next.projectId());
        }
        holder.join();
    }

    @Test
    void aFullSyncInterruptedMidwaySweepsOnlyWithItsLastChunkAndKeepsItsMarksAcrossTheRestart() throws Exception {
        try (TableSink plain = TableSink.open(db.dataSource(), table, null)) {
            for (String dataRow : List.of("d1", "d2", "d3")) {
                plain.write(LineRows.annotationsOnly(line(row(dataRow, "p1", "l-" + dataRow, "a"))));
            }
            plain.write(LineRows.annotationsOnly(line(row("d3", "p2", "l-other", "a"))));
            plain.commit();
        }

        ProjectSync first = ProjectSync.claim(db.dataSource(), table, "p1", false, true);
        assertTrue(first.full(), "no watermark yet: a full sync");
        assertNull(first.lastActivityFrom(Duration.ofMinutes(10)));
        try (TableSink sink = TableSink.open(db.dataSource(), table, null, Set.of(), first)) {
            sink.write(LineRows.annotationsOnly(line(row("d1", "p1", "l-d1", "b"))));
            sink.commit();
        }  // killed here: d1 marked, nothing swept, no watermark
        assertEquals(4, db.count(table));
        assertEquals(1, db.queryLong("SELECT count(*) FROM " + table.qualified() + "_sync_seen"));
        assertEquals(0, db.queryLong("SELECT count(*) FROM " + table.qualified() + "_sync"));

        ProjectSync resumed = ProjectSync.claim(db.dataSource(), table, "p1", false, false);
        try (TableSink sink = TableSink.open(db.dataSource(), table, null, Set.of(), resumed)) {
            sink.write(LineRows.annotationsOnly(line(row("d2", "p1", "l-d2", "b"))));
            resumed.finishing(new ProjectSync.Finish("task-7", "2026-01-02T03:04:05.678Z", 42, 2));
            sink.commit();
        }
        assertEquals(List.of("d1/p1", "d2/p1", "d3/p2"), keys(), "d3 of p1 swept, d3 of p2 kept");
        assertEquals(0, db.queryLong("SELECT count(*) FROM " + table.qualified() + "_sync_seen"));
        assertEquals(42, db.queryLong("SELECT last_execution_id FROM " + table.qualified() + "_sync"));

        try (ProjectSync next = ProjectSync.claim(db.dataSource(), table, "p1", false, true)) {
            assertFalse(next.full());
            assertEquals("2026-01-02T03:04:05.678Z", next.watermark());
            assertEquals("2026-01-02T02:54:05Z", next.lastActivityFrom(Duration.ofMinutes(10)));
        }
    }

    @Test
    void aFreshFullSyncDropsTheMarksOfAnEarlierAttemptThatNeverFinished() throws Exception {
        ProjectSync abandoned = ProjectSync.claim(db.dataSource(), table, "p1", true, true);
        try (TableSink sink = TableSink.open(db.dataSource(), table, null, Set.of(), abandoned)) {
            sink.write(LineRows.annotationsOnly(line(row("gone", "p1", "l", "a"))));
            sink.commit();
        }
        ProjectSync fresh = ProjectSync.claim(db.dataSource(), table, "p1", true, true);
        try (TableSink sink = TableSink.open(db.dataSource(), table, null, Set.of(), fresh)) {
            sink.write(LineRows.annotationsOnly(line(row("kept", "p1", "l", "a"))));
            fresh.finishing(new ProjectSync.Finish("task-8", "2026-01-02T03:04:05Z", 43, 1));
            sink.commit();
        }
        assertEquals(List.of("kept/p1"), keys(), "the abandoned attempt's row is not protected by its stale mark");
    }

    @Test
    void aFullSyncWithARejectedLineRemovesNothing() throws Exception {
        try (TableSink plain = TableSink.open(db.dataSource(), table, null)) {
            for (String dataRow : List.of("d1", "d2")) {
                plain.write(LineRows.annotationsOnly(line(row(dataRow, "p1", "l-" + dataRow, "a"))));
            }
            plain.commit();
        }
        // d2's line is still in the project's export but was rejected this time: it was not marked.
        ProjectSync sync = ProjectSync.claim(db.dataSource(), table, "p1", true, true);
        try (TableSink sink = TableSink.open(db.dataSource(), table, null, Set.of(), sync)) {
            sink.write(LineRows.annotationsOnly(line(row("d1", "p1", "l-d1", "b"))));
            sync.finishing(new ProjectSync.Finish("task-9", "2026-01-02T03:04:05Z", 44, 1, 1));
            sink.commit();
        }
        assertEquals(List.of("d1/p1", "d2/p1"), keys(), "a rejected line's data row is not swept");
        assertEquals(0, db.queryLong("SELECT count(*) FROM " + table.qualified() + "_sync_seen"));
        assertEquals(44, db.queryLong("SELECT last_execution_id FROM " + table.qualified() + "_sync"));
    }

    @Test
    void aFullSyncKilledAfterItsLastCommitButBeforeItsCheckpointDoesNotSweepAgainOnRestart() throws Exception {
        ProjectSync first = ProjectSync.claim(db.dataSource(), table, "p1", true, true);
        try (TableSink sink = TableSink.open(db.dataSource(), table, null, Set.of(), first)) {
            sink.write(LineRows.annotationsOnly(line(row("d1", "p1", "l-d1", "a"))));
            sink.commit();  // chunk 1, checkpointed
            sink.write(LineRows.annotationsOnly(line(row("d2", "p1", "l-d2", "a"))));
            first.finishing(new ProjectSync.Finish("task-7", "2026-01-02T03:04:05Z", 42, 2));
            sink.commit();  // the last chunk: swept and recorded; killed before its checkpoint is saved
        }
        ProjectSync resumed = ProjectSync.claim(db.dataSource(), table, "p1", true, false);
        try (TableSink sink = TableSink.open(db.dataSource(), table, null, Set.of(), resumed)) {
            sink.write(LineRows.annotationsOnly(line(row("d2", "p1", "l-d2", "a"))));  // re-read after chunk 1
            resumed.finishing(new ProjectSync.Finish("task-7", "2026-01-02T03:04:05Z", 43, 2));
            sink.commit();
        }
        assertEquals(List.of("d1/p1", "d2/p1"), keys(), "d1 of the same export is not swept");
        assertEquals(0, db.queryLong("SELECT count(*) FROM " + table.qualified() + "_sync "
                + "WHERE previous_watermark IS NOT NULL"), "the watermark before the sync is kept (none)");
    }

    @Test
    void aResumeOfAnExportOlderThanTheRecordedOneIsRefusedNamingTheProject() throws Exception {
        ProjectSync newer = ProjectSync.claim(db.dataSource(), table, "p1", false, true);
        try (TableSink sink = TableSink.open(db.dataSource(), table, null, Set.of(), newer)) {
            sink.write(LineRows.annotationsOnly(line(row("d1", "p1", "l-d1", "new"))));
            newer.finishing(new ProjectSync.Finish("task-new", "2026-01-02T05:00:00Z", 50, 1));
            sink.commit();
        }
        try (ProjectSync old = ProjectSync.claim(db.dataSource(), table, "p1", false, false)) {
            SinkException refused = assertThrows(SinkException.class,
                    () -> old.checkResumable("task-old", "2026-01-02T04:00:00Z"));
            assertTrue(refused.getMessage().startsWith("Project p1 was synced by a newer export task"),
                    refused.getMessage());
            old.checkResumable("task-new", "2026-01-02T05:00:00Z");  // its own task: resumable
        }
    }

    private List<String> keys() throws Exception {
        return db.rows(table).stream()
                .map(row -> row.get(dev.audioexport.mapping.Column.DATA_ROW_ID.ordinal()) + "/"
                        + row.get(dev.audioexport.mapping.Column.PROJECT_ID.ordinal()))
                .distinct().sorted().toList();
    }
}
