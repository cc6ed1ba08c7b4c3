package dev.audioexport.cli;

import dev.audioexport.operations.ExportOperations;
import dev.audioexport.operations.OperationException;
import dev.audioexport.operations.RepositoryConfig;
import dev.audioexport.operations.StartedRun;
import dev.audioexport.model.ExportDecoder;
import dev.audioexport.source.Sources;
import jakarta.batch.runtime.JobExecution;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/** The three commands; each validates its arguments before anything starts. */
final class Commands {

    private static final Set<String> RUN_OPTIONS = Set.of("--source", "--csv", "--rejects", "--chunk-size",
            "--skip-limit", "--repository", "--decoder");
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
        Path source = Sources.filePath(arguments.required("--source")).toAbsolutePath();
        if (!Files.isRegularFile(source) || !Files.isReadable(source)) {
            throw new UsageException("source " + source + " is not a readable file");
        }
        Path csv = outputFile(arguments.required("--csv"), "--csv");
        Path rejects = outputFile(arguments.has("--rejects") ? arguments.get("--rejects") : csv + ".rejects.jsonl",
                "--rejects");
        Properties parameters = new Properties();
        parameters.setProperty("source", source.toString());
        parameters.setProperty("csv", csv.toString());
        parameters.setProperty("rejects", rejects.toString());
        parameters.setProperty("chunkSize", String.valueOf(arguments.intValue("--chunk-size", 1000, 1)));
        parameters.setProperty("skipLimit", String.valueOf(arguments.intValue("--skip-limit", 1000, 0)));
        if (arguments.has("--decoder")) {
            parameters.setProperty("decoder", decoderName(arguments.get("--decoder")));
        }
        Session session = Session.open(arguments.get("--repository"));
        StartedRun run = session.operations().start(ExportOperations.JOB_NAME, parameters);
        return new RunWatcher(session, out, err).watch(run);
    }

    int restart(List<String> args) throws Exception {
        Arguments arguments = Arguments.parse(args, REPOSITORY_OPTION, Set.of("--last"));
        boolean last = arguments.has("--last");
        if (last == (arguments.positional().size() == 1) || arguments.positional().size() > 1) {
            throw new UsageException("restart takes either --last or one EXECUTION_ID");
        }
        Session session = Session.open(arguments.get("--repository"));
        long executionId = last ? lastUnfinished(session) : executionId(arguments.positional().get(0));
        StartedRun run = session.operations().restart(executionId);
        err.println("Restarting execution " + executionId + " as execution " + run.executionId());
        return new RunWatcher(session, out, err).watch(run);
    }

    int status(List<String> args) throws Exception {
        Arguments arguments = Arguments.parse(args, REPOSITORY_OPTION, Set.of());
        if (arguments.positional().size() > 1) {
            throw new UsageException("status takes at most one EXECUTION_ID");
        }
        Session session = Session.open(arguments.get("--repository"));
        StatusReport report = new StatusReport(session.operations(), out);
        if (arguments.positional().isEmpty()) {
            report.recent();
        } else {
            report.one(executionId(arguments.positional().get(0)));
        }
        return Main.COMPLETED;
    }

    private static String decoderName(String name) {
        try {
            ExportDecoder.named(name);
            return name;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--decoder: " + e.getMessage());
        }
    }

    private static long lastUnfinished(Session session) {
        JobExecution last = session.operations().lastUnfinished(ExportOperations.JOB_NAME)
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

    private static Path outputFile(String name, String option) {
        Path file = Path.of(name).toAbsolutePath();
        Path directory = file.getParent();
        if (directory == null || !Files.isDirectory(directory) || !Files.isWritable(directory)) {
            throw new UsageException(option + ": directory " + directory + " does not exist or is not writable");
        }
        if (Files.isDirectory(file)) {
            throw new UsageException(option + ": " + file + " is a directory");
        }
        return file;
    }

    /** The state directory, logging and job repository of one command. */
    record Session(ExportOperations operations, String repositoryOption, Path log) {

        static Session open(String repositoryUrl) throws IOException {
            String home = System.getenv("AUDIOEXPORT_HOME");
            Path state = Path.of(home == null || home.isBlank() ? ".audio-export" : home).toAbsolutePath();
            createPrivateDirectory(state);
            Path log = Logging.toFile(state);
            RepositoryConfig repository = repositoryUrl == null ? RepositoryConfig.defaultFor(state)
                    : RepositoryConfig.of(repositoryUrl);
            return new Session(new ExportOperations(repository, state), repositoryUrl, log);
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

        /** The command that restarts {@code executionId} against the same repository. */
        String restartCommand(long executionId) {
            return launcher() + " restart " + executionId
                    + (repositoryOption == null ? "" : " --repository '" + repositoryOption + "'");
        }

        private static String launcher() {
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
