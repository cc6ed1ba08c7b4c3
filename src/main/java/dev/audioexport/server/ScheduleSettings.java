package dev.audioexport.server;

import jakarta.enterprise.concurrent.CronTrigger;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
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
 * becomes the time of the run (yyyyMMdd-HHmmss). With {@code AUDIOEXPORT_SCHEDULE_JOB=sync} it runs a
 * sync instead: AUDIOEXPORT_SCHEDULE_PROJECTS and _JDBC_URL (required), _TABLE, _FULL, _THREADS,
 * _OVERLAP_MINUTES, _REJECTS_DIR ({@link #SYNC_SETTINGS}).
 */
record ScheduleSettings(String cron, ZoneId zone, String source, String csv, Properties sync) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /**
     * A scheduled sync's settings (AUDIOEXPORT_SCHEDULE_JOB=sync): each sets the job parameter
     * named beside it, checked as the operator API checks a sync's (SyncJobParameters).
     */
    static final Map<String, String> SYNC_SETTINGS = Map.of("SCHEDULE_PROJECTS", "projects",
            "SCHEDULE_JDBC_URL", "jdbcUrl", "SCHEDULE_TABLE", "table", "SCHEDULE_FULL", "full",
            "SCHEDULE_THREADS", "threads", "SCHEDULE_OVERLAP_MINUTES", "overlapMinutes",
            "SCHEDULE_REJECTS_DIR", "rejectsDir");

    /** A scheduled run of a source into a CSV. */
    ScheduleSettings(String cron, ZoneId zone, String source, String csv) {
        this(cron, zone, source, csv, null);
    }

    /** Whether it runs a sync (job audio-export-sync) rather than the export of a source. */
    boolean isSync() {
        return sync != null;
    }

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
        String job = setting.apply("SCHEDULE_JOB");
        if (job != null && !job.equals("run") && !job.equals("sync")) {
            throw new IllegalStateException("AUDIOEXPORT_SCHEDULE_JOB '" + job + "' is neither run (the export of "
                    + "AUDIOEXPORT_SCHEDULE_SOURCE into AUDIOEXPORT_SCHEDULE_CSV, the default) nor sync (of "
                    + "AUDIOEXPORT_SCHEDULE_PROJECTS into AUDIOEXPORT_SCHEDULE_JDBC_URL).");
        }
        if ("sync".equals(job)) {
            return Optional.of(new ScheduleSettings(cron, zone, null, null, syncParameters(setting)));
        }
        for (String name : SYNC_SETTINGS.keySet()) {
            if (setting.apply(name) != null) {
                throw new IllegalStateException("AUDIOEXPORT_" + name + " is set but the schedule runs an export, "
                        + "not a sync: set AUDIOEXPORT_SCHEDULE_JOB=sync, or unset AUDIOEXPORT_" + name + ".");
            }
        }
        return Optional.of(new ScheduleSettings(cron, zone,
                required(setting.apply("SCHEDULE_SOURCE"), "AUDIOEXPORT_SCHEDULE_SOURCE"),
                required(setting.apply("SCHEDULE_CSV"), "AUDIOEXPORT_SCHEDULE_CSV")));
    }

    private static Properties syncParameters(Function<String, String> setting) {
        for (String name : List.of("SCHEDULE_SOURCE", "SCHEDULE_CSV")) {
            if (setting.apply(name) != null) {
                throw new IllegalStateException("AUDIOEXPORT_" + name + " is set but AUDIOEXPORT_SCHEDULE_JOB=sync: a "
                        + "scheduled sync reads the projects of AUDIOEXPORT_SCHEDULE_PROJECTS; unset AUDIOEXPORT_"
                        + name + ".");
            }
        }
        Properties parameters = new Properties();
        SYNC_SETTINGS.forEach((name, parameter) -> {
            String value = setting.apply(name);
            if (value != null) {
                parameters.setProperty(parameter, value);
            }
        });
        required(parameters.getProperty("projects"), "AUDIOEXPORT_SCHEDULE_PROJECTS");
        required(parameters.getProperty("jdbcUrl"), "AUDIOEXPORT_SCHEDULE_JDBC_URL");
        return parameters;
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
            throw new IllegalStateException("AUDIOEXPORT_SCHEDULE is set but " + name + " is not: " + (name.contains(
                    "SOURCE") || name.contains("CSV") ? "a scheduled run needs both its source and its CSV."
                    : "a scheduled sync needs its projects (P1,P2,... or @FILE under the input directory) and "
                    + "its database (one of AUDIOEXPORT_TABLE_URLS)."));
        }
        return value;
    }
}
