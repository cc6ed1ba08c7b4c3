package dev.audioexport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
