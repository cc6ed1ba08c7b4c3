package dev.audioexport.server;

import dev.audioexport.batch.ChunkBoundary;
import dev.audioexport.batch.SyncProjects;
import dev.audioexport.confinement.ServerPolicy;
import dev.audioexport.mapping.CompanionTable;
import dev.audioexport.sink.OutputDirectory;
import dev.audioexport.sink.OutputPathException;
import dev.audioexport.sink.TableName;
import dev.audioexport.sink.TableSink;
import dev.audioexport.sink.UrlDataSource;
import dev.audioexport.source.SourceException;
import dev.audioexport.source.SourceParameters;
import dev.audioexport.source.labelbox.LabelboxLineSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The job parameters of a sync (jobs/audio-export-sync.xml) started in a server, by the operator
 * API or the schedule: checked before anything starts, as the command line checks its options,
 * and confined by the server's policy. The project list's {@code @FILE} lies under the input
 * directory, {@code jdbcUrl} is one of AUDIOEXPORT_TABLE_URLS (PostgreSQL, no password), the
 * rejects directory lies under the output directory (default {@code <table>.sync} there). The
 * Labelbox API key is the server's (LABELBOX_API_KEY), never a parameter. The job checks the
 * list, the database and the directory again where it opens them (management start-job).
 */
public final class SyncJobParameters {

    public static final String JOB_NAME = "audio-export-sync";
    /** What a restart continues: it cannot change them (a changed list would misalign the partitions). */
    public static final List<String> FIXED_ON_RESTART = List.of("projects", "projectsDigest", "jdbcUrl", "table",
            "tables", "tableLoad", "full", "rejectsDir");
    /** The parameters an operator may give; anything else is refused, so a misspelt one is not ignored. */
    static final Set<String> NAMES = Set.of("projects", "jdbcUrl", "table", "tables", "tableLoad", "full",
            "overlapMinutes", "threads", "rejectsDir", "chunkSize", "chunkBytes", "skipLimit", "pollSeconds",
            "pollTimeoutMinutes", "retryAttempts", "retryDelayMillis", "httpTimeoutSeconds");
    /** Longer inline lists go in a file, as on the command line (they are saved with every execution). */
    static final int MAX_INLINE_CHARS = 1000;

    private SyncJobParameters() {
    }

    /**
     * A start's parameters, checked and completed: the list file resolved, its digest, the rejects
     * directory resolved under the output directory.
     *
     * @throws IllegalArgumentException naming the parameter and the fix
     */
    public static Properties forStart(Properties given, ServerPolicy policy, Optional<OutputDirectory> output) {
        checkNamesAndValues(given, policy);
        try {
            LabelboxLineSource.checkEnvironment();  // the server's own key: its absence is not the list's fault
        } catch (SourceException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Properties parameters = new Properties();
        parameters.putAll(given);
        String projects = given.getProperty("projects", "").strip();
        List<String> ids = projectIds(projects, policy);
        String stored = projects.startsWith("@") ? "@" + policy.file("projects", projects.substring(1))
                : String.join(",", ids);
        if (stored.length() > MAX_INLINE_CHARS) {
            throw refused("projects", "a list of " + ids.size() + " projects this long goes in a file, one project a "
                    + "line, under the input directory: {\"projects\": \"@FILE\"}");
        }
        parameters.setProperty("projects", stored);
        parameters.setProperty("projectsDigest", SyncProjects.digest(ids));
        checkJdbcUrl(given.getProperty("jdbcUrl"), policy);
        TableName table = table(given.getProperty("table"));
        String rejectsDir = given.getProperty("rejectsDir", "").isBlank() ? table.qualified() + ".sync"
                : given.getProperty("rejectsDir");
        OutputDirectory confined = output.orElseThrow(() -> refused("rejectsDir", "this server has no output "
                + "directory to keep each project's rejects in; set AUDIOEXPORT_OUTPUT_DIR and restart it"));
        try {
            parameters.setProperty("rejectsDir", confined.resolve("rejectsDir", rejectsDir).toString());
        } catch (OutputPathException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        try {
            LabelboxLineSource.validate(LabelboxLineSource.SCHEME + ids.get(0), SourceParameters.of(parameters));
        } catch (SourceException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return parameters;
    }

    /** A restart's changes: known names and values (the caller refuses changes to {@link #FIXED_ON_RESTART}). */
    public static Properties forRestart(Properties given, ServerPolicy policy) {
        checkNamesAndValues(given, policy);
        Properties parameters = new Properties();
        parameters.putAll(given);
        return parameters;
    }

    /**
     * Refuses a restart of a sync whose saved rejects directory lies outside this node's output
     * directory (it was started on a node whose {@code AUDIOEXPORT_OUTPUT_DIR} differs): JBeret
     * would accept it and the restarted execution would fail at once on that check.
     */
    public static void checkRestartableHere(long executionId, Properties saved, Optional<OutputDirectory> output) {
        String rejectsDir = saved == null ? null : saved.getProperty("rejectsDir");
        if (rejectsDir == null || output.isEmpty()) {
            return;
        }
        try {
            output.get().resolve("rejectsDir", rejectsDir);
        } catch (OutputPathException e) {
            throw new IllegalArgumentException("Execution " + executionId + " keeps its rejects in '" + rejectsDir
                    + "', outside this server's output directory " + output.get().base() + ": it was started on a node "
                    + "whose AUDIOEXPORT_OUTPUT_DIR differs. Restart it on a node with that same output directory path "
                    + "(give every node the same one), or start a new sync.", e);
        }
    }

    private static void checkNamesAndValues(Properties given, ServerPolicy policy) {
        Set<String> unknown = new TreeSet<>(given.stringPropertyNames());
        unknown.removeAll(NAMES);
        if (!unknown.isEmpty()) {
            String name = unknown.iterator().next();
            throw refused(name, "the sync job has no such parameter"
                    + (name.equals("projectsDigest") ? " to give: the server computes it from the list" : "")
                    + "; its parameters are " + String.join(", ", new TreeSet<>(NAMES)));
        }
        try {
            policy.checkParameters(given);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        String full = given.getProperty("full");
        if (full != null && !full.equals("true") && !full.equals("false")) {
            throw refused("full", "'" + full + "' is neither true (a full export of every project, then its rows "
                    + "not exported are removed) nor false (incremental by each project's watermark, the default)");
        }
        wholeNumber(given, "overlapMinutes", 0, Integer.MAX_VALUE);
        wholeNumber(given, "threads", 1, SyncProjects.MAX_PROJECTS);
        wholeNumber(given, "chunkSize", 1, ChunkBoundary.MAX_LINES);
        wholeNumber(given, "chunkBytes", 1, Long.MAX_VALUE);
        wholeNumber(given, "skipLimit", 0, Long.MAX_VALUE);
        String load = given.getProperty("tableLoad");
        if (load != null && !load.isBlank() && !List.of("copy", "insert").contains(load.toLowerCase(Locale.ROOT))) {
            throw refused("tableLoad", "'" + load + "' is neither copy nor insert");
        }
        if (given.getProperty("tables") != null) {
            try {
                CompanionTable.parseList(given.getProperty("tables"));
            } catch (IllegalArgumentException e) {
                throw refused("tables", e.getMessage());
            }
        }
        if (given.getProperty("table") != null) {
            table(given.getProperty("table"));
        }
    }

    private static List<String> projectIds(String projects, ServerPolicy policy) {
        try {
            return SyncProjects.parse(projects, policy);
        } catch (SourceException | IllegalArgumentException e) {
            // SyncProjects names the parameter ("projects: ..."); a confinement refusal does too.
            throw new IllegalArgumentException(e.getMessage().startsWith("projects") || e.getMessage().startsWith("Job")
                    ? e.getMessage() : "Job parameter 'projects': " + e.getMessage(), e);
        }
    }

    private static void checkJdbcUrl(String jdbcUrl, ServerPolicy policy) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw refused("jdbcUrl", "a sync writes into a PostgreSQL database; give one of AUDIOEXPORT_TABLE_URLS");
        }
        if (UrlDataSource.holdsPassword(jdbcUrl)) {
            throw new IllegalArgumentException("jdbcUrl must not hold a password: job parameters are saved in the job "
                    + "repository. Set " + UrlDataSource.PASSWORD_VARIABLE + " instead.");
        }
        if (!jdbcUrl.strip().startsWith("jdbc:postgresql:")) {
            throw refused("jdbcUrl", "a sync needs PostgreSQL (its advisory locks keep two syncs of a project apart); "
                    + "give a jdbc:postgresql: URL listed in AUDIOEXPORT_TABLE_URLS");
        }
        policy.checkTableUrl(jdbcUrl);
    }

    private static TableName table(String table) {
        try {
            return TableName.parse(table);
        } catch (IllegalArgumentException e) {
            throw refused("table", e.getMessage());
        }
    }

    private static void wholeNumber(Properties given, String name, long min, long max) {
        String value = given.getProperty(name);
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number >= min && number <= max) {
                return;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw refused(name, "'" + value + "' is not a whole number from " + min
                + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? " up" : " to " + max));
    }

    private static IllegalArgumentException refused(String name, String why) {
        return new IllegalArgumentException("Job parameter '" + name + "' is refused: " + why + ".");
    }
}
