package dev.audioexport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad schedule fails the deployment with a message that names the variable and the fix. */
class ScheduleSettingsTest {

    private static ScheduleSettings configured(Map<String, String> environment) {
        return ScheduleSettings.configured(name -> null, environment::get).orElseThrow();
    }

    @Test
    void aCronExpressionAndZoneAreRead() {
        ScheduleSettings settings = configured(Map.of("AUDIOEXPORT_SCHEDULE", "0 2 * * *",
                "AUDIOEXPORT_SCHEDULE_ZONE", "Europe/Berlin", "AUDIOEXPORT_SCHEDULE_SOURCE", "/data/export.ndjson",
                "AUDIOEXPORT_SCHEDULE_CSV", "nightly-{time}.csv"));
        assertEquals(ZoneId.of("Europe/Berlin"), settings.zone());
    }

    @Test
    void aBadCronExpressionIsNamedWithTheFormat() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> configured(Map.of(
                "AUDIOEXPORT_SCHEDULE", "61 * * * *", "AUDIOEXPORT_SCHEDULE_SOURCE", "s", "AUDIOEXPORT_SCHEDULE_CSV", "c")));
        assertEquals("AUDIOEXPORT_SCHEDULE '61 * * * *' is not a cron expression (minutes: 61): give minute hour "
                + "day-of-month month day-of-week, optionally with seconds first, e.g. '0 2 * * *' for 02:00 every day.",
                e.getMessage());
    }

    @Test
    void aBadZoneIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> configured(Map.of(
                "AUDIOEXPORT_SCHEDULE", "0 2 * * *", "AUDIOEXPORT_SCHEDULE_ZONE", "Mars/Olympus",
                "AUDIOEXPORT_SCHEDULE_SOURCE", "s", "AUDIOEXPORT_SCHEDULE_CSV", "c")));
        assertEquals("AUDIOEXPORT_SCHEDULE_ZONE 'Mars/Olympus' is not a time zone (Unknown time-zone ID: Mars/Olympus): "
                + "give a region such as Europe/Berlin, or UTC.", e.getMessage());
    }

    @Test
    void aScheduledSyncReadsItsSettingsAsJobParametersAndRefusesTheRunsOnes() {
        ScheduleSettings sync = configured(Map.of("AUDIOEXPORT_SCHEDULE", "0 * * * *", "AUDIOEXPORT_SCHEDULE_JOB", "sync",
                "AUDIOEXPORT_SCHEDULE_PROJECTS", "@projects.txt", "AUDIOEXPORT_SCHEDULE_JDBC_URL", "jdbc:postgresql://db/m",
                "AUDIOEXPORT_SCHEDULE_THREADS", "4", "AUDIOEXPORT_SCHEDULE_OVERLAP_MINUTES", "30"));
        assertTrue(sync.isSync());
        assertEquals("@projects.txt", sync.sync().getProperty("projects"));
        assertEquals("jdbc:postgresql://db/m", sync.sync().getProperty("jdbcUrl"));
        assertEquals("4", sync.sync().getProperty("threads"));
        assertEquals("30", sync.sync().getProperty("overlapMinutes"));

        IllegalStateException noDatabase = assertThrows(IllegalStateException.class, () -> configured(Map.of(
                "AUDIOEXPORT_SCHEDULE", "0 * * * *", "AUDIOEXPORT_SCHEDULE_JOB", "sync",
                "AUDIOEXPORT_SCHEDULE_PROJECTS", "p1")));
        assertTrue(noDatabase.getMessage().startsWith("AUDIOEXPORT_SCHEDULE is set but AUDIOEXPORT_SCHEDULE_JDBC_URL "
                + "is not: a scheduled sync needs"), noDatabase.getMessage());
        IllegalStateException mixed = assertThrows(IllegalStateException.class, () -> configured(Map.of(
                "AUDIOEXPORT_SCHEDULE", "0 * * * *", "AUDIOEXPORT_SCHEDULE_SOURCE", "s", "AUDIOEXPORT_SCHEDULE_CSV", "c",
                "AUDIOEXPORT_SCHEDULE_PROJECTS", "p1")));
        assertEquals("AUDIOEXPORT_SCHEDULE_PROJECTS is set but the schedule runs an export, not a sync: set "
                + "AUDIOEXPORT_SCHEDULE_JOB=sync, or unset AUDIOEXPORT_SCHEDULE_PROJECTS.", mixed.getMessage());
        IllegalStateException job = assertThrows(IllegalStateException.class, () -> configured(Map.of(
                "AUDIOEXPORT_SCHEDULE", "0 * * * *", "AUDIOEXPORT_SCHEDULE_JOB", "mirror")));
        assertTrue(job.getMessage().startsWith("AUDIOEXPORT_SCHEDULE_JOB 'mirror' is neither run"), job.getMessage());
    }
}
