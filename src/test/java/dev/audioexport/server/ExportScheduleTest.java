package dev.audioexport.server;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.confinement.ConfinementException;
import dev.audioexport.confinement.ServerPolicy;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedule's source meets the server's checks at boot, as a source started over the API does. */
class ExportScheduleTest {

    @TempDir
    Path dir;

    @AfterEach
    void noServer() {
        System.clearProperty(ServerPolicy.INPUT_DIR_PROPERTY);
    }

    @Test
    void aScheduledSourceOutsideTheInputDirectoryOrOnAnUnlistedHostFailsTheDeployment() {
        System.setProperty(ServerPolicy.INPUT_DIR_PROPERTY, dir.resolve("input").toString());

        for (String source : new String[] {"/proc/self/environ", "../export.ndjson", "http://169.254.169.254/x"}) {
            ConfinementException e = assertThrows(ConfinementException.class, () -> new ExportSchedule(
                    new ScheduleSettings("0 2 * * *", ZoneId.of("UTC"), source, "nightly.csv")));
            assertTrue(e.getMessage().contains(source.startsWith("http") ? "AUDIOEXPORT_SOURCE_HOSTS"
                    : "AUDIOEXPORT_INPUT_DIR"), e.getMessage());
        }
        new ExportSchedule(new ScheduleSettings("0 2 * * *", ZoneId.of("UTC"), "export.ndjson", "nightly.csv"));
    }
}
