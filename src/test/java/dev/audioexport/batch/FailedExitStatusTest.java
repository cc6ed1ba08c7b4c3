package dev.audioexport.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FailedExitStatusTest {

    @Test
    void aShortReasonIsKeptWhole() {
        assertEquals("FAILED: disk full", FailedExitStatus.of("disk full"));
    }

    @Test
    void aReasonOnSeveralLinesBecomesOneLine() {
        assertEquals("FAILED: Could not migrate: Message : ERROR: syntax error Line : 5",
                FailedExitStatus.of("Could not migrate:\r\n  Message : ERROR: syntax error\nLine : 5\n"));
    }

    @Test
    void aLongReasonIsCutToFitTheRepositoryColumn() {
        String status = FailedExitStatus.of("x".repeat(2000));
        assertEquals(FailedExitStatus.MAX_LENGTH, status.length());
        assertTrue(status.startsWith("FAILED: xxx") && status.endsWith(" …"), status);
    }
}
