package dev.audioexport.source.labelbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The poll schedule: short waits first (small exports complete quickly), doubling up to the interval. */
class TaskWaitTest {

    @Test
    void waitsDoubleFromFiftyMillisecondsUpToTheInterval() {
        TaskWait wait = new TaskWait(Duration.ofSeconds(2), Duration.ofMinutes(120));
        List<Long> millis = IntStream.rangeClosed(1, 9).mapToObj(wait::waitAfter).map(Duration::toMillis).toList();
        assertEquals(List.of(50L, 100L, 200L, 400L, 800L, 1600L, 2000L, 2000L, 2000L), millis);
        assertEquals(Duration.ofSeconds(2), wait.waitAfter(100_000), "no overflow on a long wait");
    }

    @Test
    void anIntervalBelowTheFirstWaitIsKept() {
        TaskWait wait = new TaskWait(Duration.ofMillis(30), Duration.ofMinutes(1));
        assertEquals(Duration.ofMillis(30), wait.waitAfter(1));
        assertEquals(Duration.ofMillis(30), wait.waitAfter(5));
    }
}
