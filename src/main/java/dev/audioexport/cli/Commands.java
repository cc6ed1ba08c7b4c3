package dev.audioexport.cli;

import dev.audioexport.batch.ChunkBoundary;
import dev.audioexport.batch.SyncProjects;
import dev.audioexport.operations.ExportOperations;
import dev.audioexport.operations.OperationException;
import dev.audioexport.operations.RepositoryConfig;
import dev.audioexport.operations.StartedRun;
import dev.audioexport.mapping.CompanionTable;
import dev.audioexport.sink.OutputFolder;
import dev.audioexport.sink.TableName;
import dev.audioexport.source.SecretUrls;
import dev.audioexport.source.SourceException;
import dev.audioexport.source.SourceParameters;
import dev.audioexport.sink.UrlDataSource;
import dev.audioexport.source.Sources;
import dev.audioexport.source.http.RetryPolicy;
import dev.audioexport.source.http.HttpTransport;
import dev.audioexport.source.labelbox.LabelboxLineSource;
import jakarta.batch.runtime.JobExecution;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The commands; each validates its arguments before anything starts. */
final class Commands {

    /** Options of labelbox: sources, and the job parameter each sets. */
    private static final Map<String, String> LABELBOX_OPTIONS = options(
            "--last-activity-from", "lastActivityFrom", "--last-activity-to", "lastActivityTo",
            "--label-created-from", "labelCreatedFrom", "--label-created-to", "labelCreatedTo",
            "--workflow-status", "workflowStatus", "--batch-ids", "batchIds", "--data-row-ids", "dataRowIds",
            "--global-keys", "globalKeys", "--exclude", "exclude", "--poll-seconds", "pollSeconds",
            "--poll-timeout-minutes", "pollTimeoutMinutes");
    /** Options of all network sources. */
    private static final Map<String, String> NETWORK_OPTIONS = options("--retry-attempts", "retryAttempts",
            "--retry-delay-ms", "retryDelayMillis", "--http-timeout-seconds", "httpTimeoutSeconds");
    private static final Set<String> ID_OPTIONS = Set.of("--batch-ids", "--data-row-ids", "--global-keys");
    /** Longer id lists go in a file: JBeret keeps all job parameters in one VARCHAR(3000) column. */
    private static final int MAX_INLINE_IDS_CHARS = 1000;
    private static final Set<String> RUN_OPTIONS = runOptions();
    private static final Set<String> REPOSITORY_OPTION = Set.of("--repository");

    private final PrintStream out;
    private final PrintStream err;

    Commands(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws Exception {
        Arguments arguments = Arguments.parse(args, RUN_OPTIONS, Set.of());
        noPositional(arguments);
        Properties parameters = sourceParameters(arguments);
        String sideFiles = putOutputs(arguments, parameters);
        if (arguments.has("--rejects")) {
            parameters.setProperty("rejects", outputFile(arguments.get("--rejects"), "--rejects").toString());
        }
        if (arguments.has("--export-errors")) {
            parameters.setProperty("exportErrors", outputFile(arguments.get("--export-errors"), "--export-errors").toString());
        }
        OutputFolder.fill(parameters);  // with --out: rejects.jsonl, export-errors.jsonl in it
        parameters.putIfAbsent("rejects", outputFile(sideFiles + ".rejects.jsonl", "--rejects").toString());
        parameters.putIfAbsent("exportErrors", outputFile(sideFiles + ".export-errors.jsonl", "--export-errors").toString());
        parameters.setProperty("chunkSize", String.valueOf(arguments.intValue("--chunk-size", 1000, 1, ChunkBoundary.MAX_LINES)));
        parameters.setProperty("skipLimit", String.valueOf(arguments.intValue("--skip-limit", 1000, 0)));
        checkFilesApart(parameters);
        Session session = Session.open(arguments.get("--repository"), false);
        RunWatcher watcher = new RunWatcher(session, out, err).armSignals();
        StartedRun run = session.operations().start(ExportOperations.JOB_NAME, parameters);
        return watcher.watch(run);
    }

    /** Options of sync: the table's, the network's and the run's tuning. */
    private static final Set<String> SYNC_OPTIONS = syncOptions();

    /**
     * {@code sync}: one partition per project into the tables of --jdbc (PostgreSQL), each a full
     * or an incremental export by the project's watermark. Everything is checked first.
     */
    int sync(List<String> args) throws Exception {
        Arguments arguments = Arguments.parse(args, SYNC_OPTIONS, Set.of("--full"));
        noPositional(arguments);
        String projectsOption = arguments.required("--projects").strip();
        List<String> projects;
        try {
            projects = SyncProjects.parse(projectsOption);
        } catch (SourceException e) {
            throw new UsageException("--" + e.getMessage());
        }
        Properties parameters = new Properties();
        copyOptions(arguments, NETWORK_OPTIONS, true, "", parameters);
        for (String option : List.of("--poll-seconds", "--poll-timeout-minutes")) {
            if (arguments.has(option)) {
                parameters.setProperty(LABELBOX_OPTIONS.get(option), arguments.get(option));
            }
        }
        try {
            LabelboxLineSource.validate(LabelboxLineSource.SCHEME + projects.get(0), SourceParameters.of(parameters));
        } catch (SourceException e) {
            throw new UsageException(withOptionNames(e.getMessage()));
        }
        String projectsParameter = projectsOption.startsWith("@")
                ? "@" + Path.of(projectsOption.substring(1)).toAbsolutePath() : String.join(",", projects);
        if (projectsParameter.length() > MAX_INLINE_IDS_CHARS) {
            throw new UsageException("--projects: a list this long goes in a file, one project a line: --projects @FILE");
        }
        if (!arguments.required("--jdbc").startsWith("jdbc:postgresql:")) {
            throw new UsageException("--jdbc: sync needs PostgreSQL (its advisory locks keep two syncs of a project "
                    + "apart), a jdbc:postgresql: URL");
        }
        TableName table = TableOption.putParameters(arguments, parameters);
        if (arguments.has("--tables")) {
            putTables(arguments, parameters);
        }
        parameters.setProperty("projects", projectsParameter);
        parameters.setProperty("projectsDigest", SyncProjects.digest(projects));
        parameters.setProperty("full", String.valueOf(arguments.has("--full")));
        parameters.setProperty("overlapMinutes", String.valueOf(arguments.intValue("--overlap-minutes", 10, 0)));
        parameters.setProperty("threads", String.valueOf(arguments.intValue("--threads", 2, 1)));
        parameters.setProperty("chunkSize", String.valueOf(arguments.intValue("--chunk-size", 1000, 1, ChunkBoundary.MAX_LINES)));
        parameters.setProperty("skipLimit", String.valueOf(arguments.intValue("--skip-limit", 1000, 0)));
        parameters.setProperty("rejectsDir", rejectsDirectory(arguments, table).toString());
        HttpTransport.startInBackground();
        Session session = Session.open(arguments.get("--repository"), false);
        RunWatcher watcher = new RunWatcher(session, out, err).armSignals();
        StartedRun run = session.operations().start(ExportOperations.SYNC_JOB_NAME, parameters);
        return watcher.watch(run);
    }

    /** Each project's rejects and export errors: --rejects-dir, else {@code <table>.sync} in the current directory. */
    private static Path rejectsDirectory(Arguments arguments, TableName table) {
        return outputDirectory("--rejects-dir", arguments.has("--rejects-dir") ? arguments.get("--rejects-dir")
                : table.qualified() + ".sync");
    }

    private static Set<String> syncOptions() {
        Set<String> options = new HashSet<>(Set.of("--projects", "--jdbc", "--table", "--load", "--tables",
                "--overlap-minutes", "--threads", "--chunk-size", "--skip-limit", "--repository", "--rejects-dir",
                "--poll-seconds", "--poll-timeout-minutes"));
        options.addAll(NETWORK_OPTIONS.keySet());
        return Set.copyOf(options);
    }

    /**
     * Each output its own file, none of them the source: a CSV over its own source truncated the
     * export, and two outputs in one file interleave.
     */
    private static void checkFilesApart(Properties parameters) {
        Map<String, Path> files = new LinkedHashMap<>();
        if (Sources.kind(parameters.getProperty("source")) == Sources.Kind.FILE) {
            files.put("--source", Sources.filePath(parameters.getProperty("source")));
        }
        String[] outputs = {"--csv", "csv", "--rejects", "rejects", "--export-errors", "exportErrors"};
        for (int i = 0; i < outputs.length; i += 2) {
            String file = parameters.getProperty(outputs[i + 1]);
            if (file != null) {
                files.put(outputs[i], Path.of(file));
            }
        }
        List<String> options = new ArrayList<>(files.keySet());
        for (int i = 0; i < options.size(); i++) {
            for (int j = i + 1; j < options.size(); j++) {
                if (sameFile(files.get(options.get(i)), files.get(options.get(j)))) {
                    throw new UsageException(options.get(i) + " and " + options.get(j) + " name the same file, "
                            + files.get(options.get(j)).toAbsolutePath() + ": give each its own");
                }
            }
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.exists(a) && Files.exists(b) ? Files.isSameFile(a, b)
                    : a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The CSV and/or the table as job parameters (the table's database is reached once first);
     * returns where the side files (rejects, export errors) go by default: beside the CSV, else
     * named by the table in the current directory.
     */
    private static String putOutputs(Arguments arguments, Properties parameters) {
        if (!arguments.has("--csv") && !arguments.has("--jdbc") && !arguments.has("--out")) {
            throw new UsageException("give --csv FILE, --out DIR, --jdbc JDBC_URL, or --jdbc with one of the others");
        }
        if (arguments.has("--csv") && arguments.has("--out")) {
            throw new UsageException("give --csv FILE (the long table alone) or --out DIR (all tables), not both");
        }
        if (arguments.has("--tables")) {
            if (!arguments.has("--out") && !arguments.has("--jdbc")) {
                throw new UsageException("--tables needs --out or --jdbc: --csv writes the long table alone");
            }
            putTables(arguments, parameters);
        }
        if (!arguments.has("--jdbc") && (arguments.has("--table") || arguments.has("--load"))) {
            throw new UsageException("--table and --load need --jdbc");
        }
        String sideFiles = null;
        if (arguments.has("--out")) {
            Path directory = outputDirectory("--out", arguments.required("--out"));
            parameters.setProperty(OutputFolder.PARAMETER, directory.toString());
            sideFiles = directory.resolve("annotations.csv").toString();
        }
        if (arguments.has("--csv")) {
            Path csv = outputFile(arguments.required("--csv"), "--csv");
            parameters.setProperty("csv", csv.toString());
            sideFiles = csv.toString();
        }
        if (arguments.has("--jdbc")) {
            TableName table = TableOption.putParameters(arguments, parameters);
            sideFiles = sideFiles != null ? sideFiles : table.qualified();
        }
        return sideFiles;
    }

    /** --tables, checked, as the job parameter tables. */
    private static void putTables(Arguments arguments, Properties parameters) {
        try {
            CompanionTable.parseList(arguments.required("--tables"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tables: " + e.getMessage());
        }
        parameters.setProperty("tables", arguments.get("--tables"));
    }

    int restart(List<String> args) throws Exception {
        Arguments arguments = Arguments.parse(args, Set.of("--repository", "--skip-limit", "--source"), Set.of("--last"));
        boolean last = arguments.has("--last");
        if (last == (arguments.positional().size() == 1) || arguments.positional().size() > 1) {
            throw new UsageException("restart takes either --last or one EXECUTION_ID");
        }
        Session session = Session.open(arguments.get("--repository"), false);
        long executionId = last ? lastUnfinished(session) : executionId(arguments.positional().get(0));
        Properties saved = session.operations().execution(executionId).getJobParameters();
        TableOption.checkBeforeRestart(saved);
        boolean sync = saved.getProperty("projects") != null;
        if (!sync) {
            secretSourceAgain(arguments, saved.getProperty("source"), executionId);
        }
        if (sync || Sources.kind(saved.getProperty("source")) == Sources.Kind.LABELBOX) {
            labelboxEnvironment();
        }
        // A run that failed on its skip limit fails again at the same line unless the limit is raised.
        Properties overrides = new Properties();
        if (arguments.has("--skip-limit")) {
            overrides.setProperty("skipLimit", String.valueOf(arguments.intValue("--skip-limit", 0, 0)));
        }
        RunWatcher watcher = new RunWatcher(session, out, err).armSignals();
        StartedRun run = session.operations().restart(executionId, overrides);
        err.println("Restarting execution " + executionId + " as execution " + run.executionId());
        return watcher.watch(run);
    }

    /** A restart reads the API key and endpoint again: without them it would start only to fail. */
    private static void labelboxEnvironment() {
        try {
            LabelboxLineSource.checkEnvironment();
        } catch (SourceException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** A source URL whose secret is not stored is given again to 'restart', and only then. */
    private static void secretSourceAgain(Arguments arguments, String saved, long executionId) {
        if (!SecretUrls.hidden(saved)) {
            if (arguments.has("--source")) {
                throw new UsageException("restart takes --source only for an http(s) source whose URL holds a secret; "
                        + "execution " + executionId + " reads " + saved + ", which is stored");
            }
            return;
        }
        if (!arguments.has("--source")) {
            throw new UsageException("execution " + executionId + " reads " + saved + ", whose query is not stored: "
                    + "give the whole URL again with restart " + executionId + " --source URL");
        }
        String given = arguments.get("--source").strip();
        if (Sources.kind(given) != Sources.Kind.HTTP || !SecretUrls.parameter(given).equals(saved)) {
            throw new UsageException("--source " + Sources.redacted(given) + " is not the source of execution "
                    + executionId + " (" + saved + ")");
        }
    }

    int status(List<String> args) throws Exception {
        Arguments arguments = Arguments.parse(args, REPOSITORY_OPTION, Set.of());
        if (arguments.positional().size() > 1) {
            throw new UsageException("status takes at most one EXECUTION_ID");
        }
        Session session = Session.open(arguments.get("--repository"), true);
        StatusReport report = new StatusReport(session.operations(), out);
        if (arguments.positional().isEmpty()) {
            report.recent();
        } else {
            report.one(executionId(arguments.positional().get(0)));
        }
        return Main.COMPLETED;
    }

    /** The source and its options as job parameters, checked as far as possible without a request. */
    private static Properties sourceParameters(Arguments arguments) {
        String uri = arguments.required("--source").strip();
        Sources.Kind kind = Sources.kind(uri);
        Properties parameters = new Properties();
        copyOptions(arguments, LABELBOX_OPTIONS, kind == Sources.Kind.LABELBOX, "labelbox: sources", parameters);
        copyOptions(arguments, NETWORK_OPTIONS, kind != Sources.Kind.FILE, "http(s) and labelbox: sources", parameters);
        SourceParameters checked = SourceParameters.of(parameters);
        try {
            switch (kind) {
                case FILE -> uri = readableFile(uri).toString();
                case HTTP -> {
                    Sources.httpUri(uri);
                    RetryPolicy.from(checked);
                }
                case LABELBOX -> LabelboxLineSource.validate(uri, checked);
            }
        } catch (SourceException e) {
            throw new UsageException(withOptionNames(e.getMessage()));
        }
        parameters.setProperty("source", kind == Sources.Kind.HTTP ? SecretUrls.parameter(uri) : uri);
        return parameters;
    }

    private static void copyOptions(Arguments arguments, Map<String, String> options, boolean applies, String to,
            Properties parameters) {
        options.forEach((option, parameter) -> {
            if (!arguments.has(option)) {
                return;
            }
            if (!applies) {
                throw new UsageException(option + " applies to " + to + " only");
            }
            parameters.setProperty(parameter, ID_OPTIONS.contains(option) ? ids(option, arguments.get(option))
                    : arguments.get(option));
        });
    }

    /** An id list as given, or {@code @FILE} made absolute so that a restart from elsewhere finds it. */
    private static String ids(String option, String value) {
        if (value.startsWith("@")) {
            return "@" + Path.of(value.substring(1)).toAbsolutePath();
        }
        if (value.length() > MAX_INLINE_IDS_CHARS) {
            throw new UsageException(option + ": a list this long goes in a file, one id per line: " + option + " @FILE");
        }
        return value;
    }

    private static Path readableFile(String uri) {
        Path source = Sources.filePath(uri).toAbsolutePath();
        if (!Files.isRegularFile(source) || !Files.isReadable(source)) {
            throw new UsageException("source " + source + " is not a readable file");
        }
        return source;
    }

    /** Source messages name job parameters; on the command line the options are what the user typed. */
    private static String withOptionNames(String message) {
        String text = message;
        for (Map<String, String> options : List.of(LABELBOX_OPTIONS, NETWORK_OPTIONS)) {
            for (Map.Entry<String, String> option : options.entrySet()) {
                text = text.replaceAll("\\b" + option.getValue() + "\\b", option.getKey());
            }
        }
        return text;
    }

    private static Map<String, String> options(String... optionThenParameter) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < optionThenParameter.length; i += 2) {
            options.put(optionThenParameter[i], optionThenParameter[i + 1]);
        }
        return options;
    }

    private static Set<String> runOptions() {
        Set<String> options = new HashSet<>(Set.of("--source", "--csv", "--out", "--tables", "--jdbc", "--table",
                "--load", "--rejects", "--export-errors", "--chunk-size", "--skip-limit", "--repository"));
        options.addAll(LABELBOX_OPTIONS.keySet());
        options.addAll(NETWORK_OPTIONS.keySet());
        return Set.copyOf(options);
    }

    private static long lastUnfinished(Session session) {
        JobExecution last = session.operations().lastUnfinished(ExportOperations.JOB_NAMES)
                .orElseThrow(() -> new OperationException("There is no failed, stopped or interrupted execution to restart."));
        return last.getExecutionId();
    }

    private static long executionId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException("'" + text + "' is not an execution id");
        }
    }

    private static void noPositional(Arguments arguments) {
        if (!arguments.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + arguments.positional().get(0) + "'");
        }
    }

    /** The file an option names, or its default, checked like any output file. */
    private static Path outputFile(Arguments arguments, String option, String defaultName) {
        return outputFile(arguments.has(option) ? arguments.get(option) : defaultName, option);
    }

    /** The --out directory, created when missing (its parent must exist, as a file's directory must). */
    private static Path outputDirectory(String option, String name) {
        Path directory = Path.of(name).toAbsolutePath().normalize();
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new UsageException(option + ": " + directory + " is not a directory");
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UsageException(option + ": cannot create directory " + directory + ": " + e);
        }
        if (!Files.isWritable(directory)) {
            throw new UsageException(option + ": directory " + directory + " is not writable");
        }
        return directory;
    }

    private static Path outputFile(String name, String option) {
        Path file = Path.of(name).toAbsolutePath();
        Path directory = file.getParent();
        if (directory == null || !Files.isDirectory(directory) || !Files.isWritable(directory)) {
            throw new UsageException(option + ": directory " + directory + " does not exist or is not writable");
        }
        if (Files.isDirectory(file)) {
            throw new UsageException(option + ": " + file + " is a directory");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new UsageException(option + ": " + file + " is not a regular file (a device or a pipe)");
        }
        return file;
    }

    /** The state directory, logging and job repository of one command. */
    record Session(ExportOperations operations, String repositoryOption, Path log) {

        /** {@code readOnly}: the command only reads the repository (status). */
        static Session open(String repositoryUrl, boolean readOnly) throws IOException {
            if (repositoryUrl != null && UrlDataSource.holdsPassword(repositoryUrl)) {
                throw new UsageException("--repository must not hold a password (it would show in messages and "
                        + "process lists): set AUDIOEXPORT_REPOSITORY_PASSWORD instead");
            }
            String home = System.getenv("AUDIOEXPORT_HOME");
            Path state = Path.of(home == null || home.isBlank() ? ".audio-export" : home).toAbsolutePath();
            createPrivateDirectory(state);
            Path log = Logging.toFile(state);
            RepositoryConfig given = repositoryUrl == null ? RepositoryConfig.defaultFor(state)
                    : RepositoryConfig.of(repositoryUrl);
            RepositoryConfig repository = readOnly ? given.forReading() : given;
            ExportOperations operations;
            try {
                operations = new ExportOperations(repository, state);
                operations.reach(!readOnly);  // reaches the repository now, to say so if it cannot
            } catch (RuntimeException e) {
                Throwable root = e;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                Logger.getLogger(Commands.class.getName()).log(Level.SEVERE, "Cannot open the job repository", e);
                throw new OperationException((repositoryUrl == null ? "the job repository in " + state
                        : "--repository " + repositoryUrl) + " cannot be opened: " + root.getMessage());
            }
            return new Session(operations, repositoryUrl, log);
        }

        /** The job repository and the log are the operator's alone: other local users get no access. */
        private static void createPrivateDirectory(Path state) throws IOException {
            if (Files.isDirectory(state)) {
                return;
            }
            if (state.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(state,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(state);
            }
        }

        /**
         * The command that restarts {@code executionId}, whose job parameters are given, against the
         * same repository (and URL, when not stored).
         */
        String restartCommand(long executionId, Properties parameters) {
            String source = parameters.getProperty("source");
            return launcher() + " restart " + executionId
                    + (repositoryOption == null ? "" : " --repository '" + repositoryOption + "'")
                    + (SecretUrls.hidden(source) ? " --source URL" : "");
        }

        /** The launcher script when one started us (it says so), else {@code java -jar} and this jar. */
        private static String launcher() {
            String script = System.getProperty("audioexport.launcher");
            if (script != null && !script.isBlank()) {
                return script;
            }
            try {
                Path code = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (code.toString().endsWith(".jar")) {
                    return "java -jar " + code;
                }
            } catch (Exception e) {
                // fall through to the generic name
            }
            return "audio-export";
        }
    }
}
