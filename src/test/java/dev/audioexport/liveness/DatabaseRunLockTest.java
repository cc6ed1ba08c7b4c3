package dev.audioexport.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.audioexport.sink.TestDatabase;
import java.util.UUID;
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
}
