package dev.audioexport.server;

import jakarta.enterprise.concurrent.CronTrigger;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The deploy-time schedule of the export: a cron expression (minute hour day-of-month month
 * day-of-week, optionally with seconds first) and the parameters of each scheduled run. Each is
 * read from a system property, else from the environment variable named in brackets:
 * {@code audioexport.schedule} [AUDIOEXPORT_SCHEDULE], {@code audioexport.schedule.zone}
 * [AUDIOEXPORT_SCHEDULE_ZONE], {@code audioexport.schedule.source} [AUDIOEXPORT_SCHEDULE_SOURCE],
 * {@code audioexport.schedule.csv} [AUDIOEXPORT_SCHEDULE_CSV], where {@code {time}} in the CSV name
 * becomes the time of the run (yyyyMMdd-HHmmss).
 */
record ScheduleSettings(String cron, ZoneId zone, String source, String csv) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** The configured schedule, none when no cron expression is set. */
    static Optional<ScheduleSettings> configured(Function<String, String> systemProperties,
            Function<String, String> environment) {
        Function<String, String> setting = name -> {
            String value = systemProperties.apply("audioexport." + name.toLowerCase().replace('_', '.'));
            if (value == null || value.isBlank()) {
                value = environment.apply("AUDIOEXPORT_" + name);
            }
            return value == null || value.isBlank() ? null : value.trim();
        };
        String cron = setting.apply("SCHEDULE");
        if (cron == null) {
            return Optional.empty();
        }
        ZoneId zone = zone(setting.apply("SCHEDULE_ZONE"));
        checkCron(cron, zone);
        return Optional.of(new ScheduleSettings(cron, zone,
                required(setting.apply("SCHEDULE_SOURCE"), "AUDIOEXPORT_SCHEDULE_SOURCE"),
                required(setting.apply("SCHEDULE_CSV"), "AUDIOEXPORT_SCHEDULE_CSV")));
    }

    static Optional<ScheduleSettings> configured() {
        return configured(System::getProperty, System::getenv);
    }

    /** The job parameters of the run scheduled at {@code time}. */
    Properties parameters(ZonedDateTime time) {
        Properties parameters = new Properties();
        parameters.setProperty("source", source);
        parameters.setProperty("csv", csv.replace("{time}", TIME.format(time)));
        return parameters;
    }

    /** The deployment fails with these messages: they name the variable, not only the parser's complaint. */
    private static ZoneId zone(String zone) {
        try {
            return zone == null ? ZoneId.systemDefault() : ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalStateException("AUDIOEXPORT_SCHEDULE_ZONE '" + zone + "' is not a time zone ("
                    + e.getMessage() + "): give a region such as Europe/Berlin, or UTC.");
        }
    }

    private static void checkCron(String cron, ZoneId zone) {
        try {
            new CronTrigger(cron, zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("AUDIOEXPORT_SCHEDULE '" + cron + "' is not a cron expression ("
                    + e.getMessage() + "): give minute hour day-of-month month day-of-week, optionally with seconds "
                    + "first, e.g. '0 2 * * *' for 02:00 every day.");
        }
    }

    private static String required(String value, String name) {
        if (value == null) {
            throw new IllegalStateException("AUDIOEXPORT_SCHEDULE is set but " + name
                    + " is not: a scheduled run needs both its source and its CSV.");
        }
        return value;
    }
}
