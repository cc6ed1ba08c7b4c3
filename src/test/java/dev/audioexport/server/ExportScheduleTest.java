package dev.audioexport.server;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.confinement.ConfinementException;
import dev.audioexport.confinement.ServerPolicy;
import dev.audioexport.sink.OutputDirectory;
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

    @Test
    void aScheduledSyncWhoseProjectFileIsOutsideOrAValueIsBadFailsTheDeployment() throws Exception {
        System.setProperty(ServerPolicy.INPUT_DIR_PROPERTY, dir.resolve("input").toString());
        System.setProperty(OutputDirectory.PROPERTY, dir.resolve("output").toString());
        try {
            java.nio.file.Files.writeString(dir.resolve("projects.txt"), "p1\n");
            // (the rejects directory and the database are checked as the API checks them: SyncJobParametersTest)
            for (String[] setting : new String[][] {{"projects", "@" + dir.resolve("projects.txt"), "AUDIOEXPORT_INPUT_DIR"},
                    {"threads", "none", "Job parameter 'threads' is refused"}}) {
                java.util.Properties sync = new java.util.Properties();
                sync.setProperty("projects", "p1");
                sync.setProperty("jdbcUrl", "jdbc:postgresql://db/m");
                sync.setProperty(setting[0], setting[1]);
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ExportSchedule(
                        new ScheduleSettings("0 2 * * *", ZoneId.of("UTC"), null, null, sync)));
                assertTrue(e.getMessage().startsWith("The scheduled sync (AUDIOEXPORT_SCHEDULE_JOB=sync"), e.getMessage());
                assertTrue(e.getMessage().contains(setting[2]), e.getMessage());
            }
        } finally {
            System.clearProperty(OutputDirectory.PROPERTY);
        }
    }
}
