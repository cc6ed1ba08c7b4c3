package dev.audioexport.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.liveness.DatabaseRunLock;
import dev.audioexport.liveness.ExecutionLocks;
import dev.audioexport.liveness.LockWatchdog;
import dev.audioexport.sink.TestDatabase;
import dev.audioexport.sink.UrlDataSource;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * A server execution's lock on a shared PostgreSQL job repository, whichever comes first: the
 * path that started it (API, schedule) or its batch thread; and none left behind when the
 * execution ended before its start path got to it.
 */
class ServerExecutionLockTest {

    @Test
    void anExecutionStartedButWaitingForABatchThreadIsSeenAliveAndItsEndLetsTheLockGo() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);

            ServerExecutionLock.started(db.dataSource(), id);
            assertEquals(Boolean.TRUE, DatabaseRunLock.isExecutionHeld(db.dataSource(), id), "queued: alive");

            ServerExecutionLock.running(db.dataSource(), id);  // the batch thread keeps the start's lock
            assertEquals(Boolean.TRUE, DatabaseRunLock.isExecutionHeld(db.dataSource(), id), "running: alive");

            ServerExecutionLock.ended(id);
            assertEquals(Boolean.FALSE, DatabaseRunLock.isExecutionHeld(db.dataSource(), id), "ended: lock gone");
        }
    }

    @Test
    void anExecutionThatEndedBeforeItsStartPathTookTheLockLeavesNoLockBehind() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
            ServerExecutionLock.running(db.dataSource(), id);
            ServerExecutionLock.ended(id);

            ServerExecutionLock.started(db.dataSource(), id);  // the API returns after the job ended

            assertEquals(Boolean.FALSE, DatabaseRunLock.isExecutionHeld(db.dataSource(), id),
                    "a lock taken now would never be let go");
        }
    }

    /**
     * The execution's lock is watched by the JVM's watchdog (every 10 s): its session ended from
     * another connection, the lock is held again on a new session once the repository (here a
     * stand-in of JBeret's job_execution) still shows the execution STARTED, and the execution's
     * end still lets it go.
     */
    @Test
    void aLockWhoseSessionIsTerminatedIsHeldAgainAndStillLetGoAtTheEnd() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
            UrlDataSource repository = repositoryShowing(db, id, "STARTED");
            ServerExecutionLock.running(repository, id);
            int first = ExecutionLocks.heldBy(db, id);

            db.execute("SELECT pg_terminate_backend(" + first + ")");

            LockWatchdog.Held watched = LockWatchdog.jvm().watched(LockWatchdog.executionOwner(id)).orElseThrow();
            for (int i = 0; i < 600 && !(watched.isHeld() && ExecutionLocks.heldBy(db, id) != null && ExecutionLocks.heldBy(db, id) != first); i++) {
                Thread.sleep(100);  // generous: the watchdog checks every 10 s, then waits 5 s before it confirms
            }
            assertTrue(watched.isHeld(), "taken again and confirmed");
            assertNotEquals(first, ExecutionLocks.heldBy(db, id), "held on a new session");

            ServerExecutionLock.ended(id);
            assertEquals(Boolean.FALSE, DatabaseRunLock.isExecutionHeld(repository, id), "ended: lock gone");
        }
    }

    /**
     * JBeret runs an execution stopped while it waited for a batch thread without its listeners
     * (JobExecutionRunner skips them when it finds it STOPPING) and saves it STOPPED: afterJob never
     * lets go the lock its start path took. The JVM's watchdog lets it go once the repository (a
     * stand-in of JBeret's job_execution) shows the execution ended; before, it was held, on a
     * connection out of the pool, for the JVM's life.
     */
    @Test
    void theLockOfAnExecutionStoppedWhileQueuedIsLetGoOnceTheRepositoryShowsItEnded() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
            UrlDataSource repository = repositoryShowing(db, id, "STARTING");
            ServerExecutionLock.started(repository, id);
            assertEquals(Boolean.TRUE, DatabaseRunLock.isExecutionHeld(repository, id), "queued: alive");

            try (java.sql.Connection connection = repository.getConnection();
                    java.sql.Statement update = connection.createStatement()) {
                update.executeUpdate("UPDATE job_execution SET batchstatus = 'STOPPED', exitstatus = 'STOPPED' "
                        + "WHERE jobexecutionid = " + id);
            }

            for (int i = 0; i < 300 && !Boolean.FALSE.equals(DatabaseRunLock.isExecutionHeld(repository, id)); i++) {
                Thread.sleep(100);  // the watchdog checks every 10 s
            }
            assertEquals(Boolean.FALSE, DatabaseRunLock.isExecutionHeld(repository, id), "ended: lock let go");
            assertTrue(LockWatchdog.jvm().watched(LockWatchdog.executionOwner(id)).orElseThrow().lostReason()
                    .orElseThrow().contains("the job repository shows it STOPPED"), "and nothing of it writes");
            ServerExecutionLock.ended(id);  // harmless if it ever comes
        }
    }

    @Test
    void aBatchThreadTakesTheLockWhenTheStartPathDidNot() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
            ServerExecutionLock.running(db.dataSource(), id);
            assertEquals(Boolean.TRUE, DatabaseRunLock.isExecutionHeld(db.dataSource(), id));
            ServerExecutionLock.ended(id);
            assertEquals(Boolean.FALSE, DatabaseRunLock.isExecutionHeld(db.dataSource(), id));
        }
    }

    /** A stand-in of JBeret's job_execution table, in a schema of its own, showing the execution in {@code status}. */
    private static UrlDataSource repositoryShowing(TestDatabase db, long id, String status) throws Exception {
        String schema = db.newTable().schema();
        db.execute("CREATE SCHEMA " + schema);
        db.execute("CREATE TABLE " + schema + ".job_execution (jobexecutionid bigint, batchstatus varchar(30), "
                + "exitstatus varchar(512))");
        db.execute("INSERT INTO " + schema + ".job_execution VALUES (" + id + ", '" + status + "', null)");
        return new UrlDataSource(db.url() + "&currentSchema=" + schema, null, null);
    }
}
