package dev.audioexport.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.audioexport.source.SourceException;
import org.junit.jupiter.api.Test;

/** A failed project's reason names it once, whether or not the reason already did. */
class SyncFailuresTest {

    @Test
    void theProjectIsNamedOnce() {
        assertEquals("Project p1 is being synced into t by another process right now",
                SyncFailures.named("p1", new SourceException("Project p1 is being synced into t by another process right now")));
        assertEquals("Project p1: Labelbox exportDataRowsInProject failed: Resource not found",
                SyncFailures.named("p1", new SourceException("Labelbox exportDataRowsInProject failed: Resource not found")));
        assertEquals("Project p1: Project p10 is being synced", SyncFailures.named("p1",
                new SourceException("Project p10 is being synced")), "another project's name is not this one's");
    }
}
