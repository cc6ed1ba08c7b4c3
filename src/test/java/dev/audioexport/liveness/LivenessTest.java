package dev.audioexport.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LivenessTest {

    @Test
    void aProcessKilledAMomentAgoIsSeenDeadOnceItsSessionEnds() {
        ArrayDeque<Liveness> looks = new ArrayDeque<>(List.of(Liveness.ALIVE, Liveness.ALIVE, Liveness.DEAD));
        assertEquals(Liveness.DEAD, Liveness.afterSettling(looks::poll));
        assertEquals(0, looks.size(), "asked until the lock was free");
    }

    @Test
    void aLiveProcessStaysAliveAfterTheSettlingTime() {
        AtomicInteger looks = new AtomicInteger();
        assertEquals(Liveness.ALIVE, Liveness.afterSettling(() -> {
            looks.incrementAndGet();
            return Liveness.ALIVE;
        }));
        assertEquals(true, looks.get() > 1, "asked again before believing it");
    }

    @Test
    void deadAndUnknownAreFinalAtOnce() {
        for (Liveness once : List.of(Liveness.DEAD, Liveness.UNKNOWN)) {
            AtomicInteger looks = new AtomicInteger();
            assertEquals(once, Liveness.afterSettling(() -> {
                looks.incrementAndGet();
                return once;
            }));
            assertEquals(1, looks.get());
        }
    }
}
