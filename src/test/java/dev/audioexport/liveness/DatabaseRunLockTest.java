package dev.audioexport.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.audioexport.sink.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** A sync's liveness as any node sees it: its run token's advisory lock in the shared PostgreSQL. */
class DatabaseRunLockTest {

    @Test
    void aHeldTokenIsSeenHeldFromAnotherSessionAndAnUnheldOneIsNotTakenByTheProbe() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            String held = UUID.randomUUID().toString();
            String other = UUID.randomUUID().toString();
            DatabaseRunLock.hold(db.url(), held);
            assertEquals(Boolean.TRUE, DatabaseRunLock.isHeld(db.url(), held));
            assertEquals(Boolean.FALSE, DatabaseRunLock.isHeld(db.url(), other));
            // the probe's own lock went with its session: still free for the next probe
            assertEquals(Boolean.FALSE, DatabaseRunLock.isHeld(db.url(), other));
            assertEquals(null, DatabaseRunLock.isHeld("jdbc:postgresql://127.0.0.1:1/none", held),
                    "unreachable: unknown, never a guessed death");
        }
    }

    /**
     * Another node's liveness probe takes an execution's lock for a moment (try, then unlock): an
     * execution starting just then must still take its lock, not fail as if another ran it.
     */
    @Test
    void anExecutionTakesItsLockEvenWhenAProbeHoldsItForAMoment() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
            Connection probe = db.dataSource().getConnection();
            try (PreparedStatement lock = probe.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, DatabaseRunLock.executionKey(id));
                lock.execute();
            }
            Thread probeEnds = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    try (probe; PreparedStatement unlock = probe.prepareStatement("SELECT pg_advisory_unlock_all()")) {
                        unlock.execute();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            probeEnds.start();

            Connection held = DatabaseRunLock.holdExecution(db.dataSource(), id);

            probeEnds.join();
            assertEquals(Boolean.TRUE, DatabaseRunLock.isExecutionHeld(db.dataSource(), id));
            DatabaseRunLock.release(held);
        }
    }
}
