package dev.audioexport.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.audioexport.liveness.DatabaseRunLock;
import dev.audioexport.sink.TestDatabase;
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
}
