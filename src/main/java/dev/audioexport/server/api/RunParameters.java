package dev.audioexport.server.api;

import dev.audioexport.confinement.ConfinementException;
import dev.audioexport.confinement.ServerPolicy;
import dev.audioexport.liveness.DatabaseRunLock;
import dev.audioexport.liveness.Liveness;
import dev.audioexport.liveness.SharedRepository;
import dev.audioexport.server.Executions;
import dev.audioexport.server.SyncJobParameters;
import dev.audioexport.sink.OutputDirectory;
import dev.audioexport.sink.OutputFolder;
import dev.audioexport.sink.OutputPathException;
import dev.audioexport.sink.UrlDataSource;
import dev.audioexport.source.SourceException;
import dev.audioexport.source.Sources;
import dev.audioexport.source.labelbox.LabelboxLineSource;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.JobExecution;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import org.jberet.spi.PropertyKey;

/**
 * The job parameters of a start or restart request, as JBeret's resources combine them (query
 * parameters, then the JSON body, which wins), with the output files resolved under the server's
 * output directory and a source file under its input directory. A path outside them, an http(s)
 * source on a host the server does not list, and a jdbcUrl it does not list are refused with 400
 * before anything starts ({@link ServerPolicy}; the job checks the same again where it opens the
 * source and the table, for the jobs started otherwise).
 */
final class RunParameters {

    /** The job parameters that name output files (see jobs/audio-export.xml). */
    static final List<String> OUTPUT_FILES = List.of("csv", "rejects", "exportErrors", OutputFolder.PARAMETER);

    /** The names JBeret reads from a start's or restart's parameters to steer itself (jberet.restart.mode, ...). */
    private static final String JBERET_PREFIX = "jberet.";
    /** What the command line's runs carry to be judged by (operations/ExportOperations, RunLock): never an operator's. */
    private static final List<String> COMMAND_LINE_IDENTITY = List.of(DatabaseRunLock.TOKEN_PARAMETER, "runHost",
            "runLockDirectory");

    private RunParameters() {
    }

    /**
     * What a run reads and where it writes. A restart continues them from the checkpoint, so it
     * cannot change them: a new table or CSV would get only the rows after it, and the run would
     * still end COMPLETED. (The command line's restart changes only the skip limit.)
     */
    static final List<String> FIXED_ON_RESTART = List.of("source", "csv", "rejects", "exportErrors", "jdbcUrl", "table",
            "tableLoad", OutputFolder.PARAMETER, "tables");

    /** A start's parameters: a sync's as {@link SyncJobParameters} checks them, a run's as {@link #checked}. */
    static Properties checkedStart(String jobName, UriInfo uri, Properties body) {
        if (!SyncJobParameters.JOB_NAME.equals(jobName)) {
            return checked(uri, body);
        }
        return refusedWith400(() -> SyncJobParameters.forStart(given(uri, body), ServerPolicy.configured(),
                OutputDirectory.configured()));
    }

    /**
     * A restart's parameters: checked as a start's, and none of {@link #FIXED_ON_RESTART} (of a
     * sync: {@link SyncJobParameters#FIXED_ON_RESTART}) changed. An execution still STARTED on a
     * shared repository whose node is dead (its lock is free) is restarted by force: JBeret marks
     * it FAILED first, as a boot on another node would. One whose process is alive, or cannot be
     * told, is refused (409).
     */
    static Properties checkedRestart(UriInfo uri, Properties body, long executionId) {
        JobExecution execution = BatchRuntime.getJobOperator().getJobExecution(executionId);
        boolean sync = SyncJobParameters.JOB_NAME.equals(execution.getJobName());
        Properties parameters = sync
                ? refusedWith400(() -> SyncJobParameters.forRestart(given(uri, body), ServerPolicy.configured()))
                : checked(uri, body);
        Properties saved = execution.getJobParameters();
        if (sync) {
            refusedWith400(() -> {
                SyncJobParameters.checkRestartableHere(executionId, saved, OutputDirectory.configured());
                return saved;
            });
        }
        for (String name : sync ? SyncJobParameters.FIXED_ON_RESTART : FIXED_ON_RESTART) {
            String given = parameters.getProperty(name);
            String was = saved == null ? null : saved.getProperty(name);
            if (given != null && !given.equals(was)) {
                throw new RefusedRequest(Response.Status.BAD_REQUEST, "Job parameter '" + name + "' cannot change on a "
                        + "restart: the restart continues what execution " + executionId + " read and wrote ("
                        + (was == null ? "not set" : "'" + Sources.redacted(was) + "'") + "). Leave it out of the "
                        + "restart, or start a new run.");
            }
        }
        if (Executions.isRunning(execution.getBatchStatus())) {
            // JBeret's default restart takes an execution it does not run itself for one a crash left
            // running, and fails and restarts it: on a shared repository, another node's live one too.
            Optional<Liveness> liveness = SharedRepository.configured()
                    .map(repository -> Liveness.afterSettling(() ->
                            DatabaseRunLock.judge(execution, repository).orElse(Liveness.UNKNOWN)));
            if (liveness.isPresent() && liveness.get() != Liveness.DEAD) {
                throw new RefusedRequest(Response.Status.CONFLICT, "Execution " + executionId + " is "
                        + execution.getBatchStatus() + (liveness.get() == Liveness.ALIVE ? " and the process running it "
                        + "is alive (it holds the execution's lock in the shared database): stop it, or let it end, "
                        + "before restarting it." : " and whether the process running it is alive cannot be told from "
                        + "here: restart it where it ran."));
            }
            liveness.ifPresent(dead -> parameters.setProperty(PropertyKey.RESTART_MODE, PropertyKey.RESTART_MODE_FORCE));
        }
        return parameters;
    }

    private static Properties refusedWith400(Supplier<Properties> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException | SourceException e) {
            throw new RefusedRequest(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    static Properties checked(UriInfo uri, Properties body) {
        Properties parameters = given(uri, body);
        return checkedRun(parameters);
    }

    /** The parameters as JBeret's resources combine them: the query's, then the body's, which win. */
    private static Properties given(UriInfo uri, Properties body) {
        Properties parameters = new Properties();
        MultivaluedMap<String, String> query = uri.getQueryParameters(true);
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            parameters.setProperty(e.getKey(), e.getValue().get(0));
        }
        if (body != null) {
            body.forEach((name, value) -> parameters.setProperty(name.toString(), text(name.toString(), value)));
        }
        for (String name : parameters.stringPropertyNames()) {
            if (COMMAND_LINE_IDENTITY.contains(name)) {
                // A server's execution is judged by its id's lock; with a run token it would be judged by that
                // token's (held by no one), so a dead node's execution would stay UNKNOWN and block the schedule.
                throw new RefusedRequest(Response.Status.BAD_REQUEST, "Job parameter '" + name + "' is refused: the "
                        + "command line sets it to identify its own runs; a server's execution is identified by its id.");
            }
            if (name.startsWith(JBERET_PREFIX)) {
                // jberet.restart.mode=force would restart an execution still running, a second copy
                // writing the same files; jberet.jobXmlName would swap the job definition on a restart.
                throw new RefusedRequest(Response.Status.BAD_REQUEST, "Job parameter '" + name + "' is refused: "
                        + "parameters named " + JBERET_PREFIX + "* steer the batch runtime, not the job; the server "
                        + "sets what a restart needs itself.");
            }
        }
        return parameters;
    }

    private static Properties checkedRun(Properties parameters) {
        String jdbcUrl = parameters.getProperty("jdbcUrl");
        if (jdbcUrl != null && UrlDataSource.holdsPassword(jdbcUrl)) {
            // Refused before JBeret saves the parameters in the job repository and shows them in the API.
            throw new RefusedRequest(Response.Status.BAD_REQUEST, "jdbcUrl must not hold a password: job parameters "
                    + "are saved in the job repository. Set " + UrlDataSource.PASSWORD_VARIABLE + " instead.");
        }
        ServerPolicy policy = ServerPolicy.configured();
        try {
            policy.checkParameters(parameters);
            if (jdbcUrl != null && !jdbcUrl.isBlank()) {
                policy.checkTableUrl(jdbcUrl);
            }
            String source = parameters.getProperty("source");
            if (source != null && !source.isBlank()) {
                parameters.setProperty("source", Sources.checked(source, policy));
            }
            parameters.putAll(LabelboxLineSource.withIdFiles(parameters, policy));
        } catch (ConfinementException | SourceException e) {
            throw new RefusedRequest(Response.Status.BAD_REQUEST, e.getMessage());
        }
        OutputFolder.fill(parameters);
        Optional<OutputDirectory> output = OutputDirectory.configured();
        if (output.isPresent()) {
            for (String name : OUTPUT_FILES) {
                String value = parameters.getProperty(name);
                if (value != null && !value.isEmpty()) {
                    parameters.setProperty(name, resolve(output.get(), name, value));
                }
            }
        }
        return parameters;
    }

    /**
     * A body value as the job gets it. JSON numbers and booleans count as written: only strings
     * used to be kept, so {@code {"skipLimit": 5000}} was dropped without a word and the run or
     * restart used the default.
     */
    private static String text(String name, Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof BigDecimal number) {
            return number.toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw new RefusedRequest(Response.Status.BAD_REQUEST, "Job parameter '" + name + "' is a JSON "
                + (value instanceof Map ? "object" : "array") + ": give its value as a string, e.g. {\"" + name
                + "\": \"...\"}.");
    }

    private static String resolve(OutputDirectory output, String name, String value) {
        try {
            return output.resolve(name, value).toString();
        } catch (OutputPathException e) {
            throw new RefusedRequest(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }
}
