package dev.audioexport.operations;

import dev.audioexport.batch.ExportTotals;
import dev.audioexport.liveness.DatabaseRunLock;
import dev.audioexport.liveness.LockWatchdog;
import dev.audioexport.liveness.Liveness;
import dev.audioexport.sink.UrlDataSource;
import jakarta.batch.operations.JobExecutionNotMostRecentException;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.operations.NoSuchJobExecutionException;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.JobInstance;
import jakarta.batch.runtime.StepExecution;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jberet.operations.JobOperatorImpl;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.spi.PropertyKey;

/**
 * Start, restart and inspect audio-export executions on the embedded runtime with a persistent
 * job repository. Knows how to tell a run left STARTED by a dead process (its run lock is free)
 * from a live one, so operators never edit repository tables by hand.
 */
public final class ExportOperations {

    public static final String JOB_NAME = "audio-export";
    /** The sync of several projects into tables (jobs/audio-export-sync.xml). */
    public static final String SYNC_JOB_NAME = "audio-export-sync";
    public static final List<String> JOB_NAMES = List.of(JOB_NAME, SYNC_JOB_NAME);

    private static final Set<BatchStatus> RUNNING = EnumSet.of(BatchStatus.STARTING, BatchStatus.STARTED,
            BatchStatus.STOPPING);
    private static final Set<BatchStatus> RESTARTABLE = EnumSet.of(BatchStatus.FAILED, BatchStatus.STOPPED,
            BatchStatus.STARTING, BatchStatus.STARTED, BatchStatus.STOPPING);
    /** How many of the newest job instances {@code restart --last} looks at. */
    private static final int RECENT_INSTANCES = 200;

    /** Job parameters that say where a run's process lives, so another process can tell if it died. */
    static final String HOST_PARAMETER = "runHost";
    static final String LOCK_DIRECTORY_PARAMETER = "runLockDirectory";
    private static final String HOST = hostName();

    private final RepositoryConfig repository;
    /** JBeret, started at its first use: {@code status} lists executions without it. */
    private JobOperator operator;
    private EmbeddedBatchEnvironment environment;
    private final NewestExecutions newest;
    private final Path lockDirectory;
    /** An H2 AUTO_SERVER repository: served by the process that opened it first. */
    private final boolean servedByARun;
    /** A PostgreSQL repository, which servers share too: their executions' liveness is a lock there. */
    private final DataSource sharedRepository;

    public ExportOperations(RepositoryConfig repository, Path stateDirectory) {
        this.repository = repository;
        this.newest = new NewestExecutions(repository);
        this.lockDirectory = stateDirectory.toAbsolutePath().resolve("runs");
        this.servedByARun = repository.jdbcUrl().toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER=TRUE");
        this.sharedRepository = repository.jdbcUrl().startsWith("jdbc:postgresql:")
                ? new UrlDataSource(repository.jdbcUrl(), repository.user(), repository.password()) : null;
    }

    public synchronized JobOperator operator() {
        if (operator == null) {
            environment = new EmbeddedBatchEnvironment(repository);
            operator = new JobOperatorImpl(environment);
        }
        return operator;
    }

    /**
     * Opens the job repository now, so that a command says at once when it cannot. A command that
     * only reads ({@code withRuntime} false) does not start the batch runtime for that.
     */
    public void reach(boolean withRuntime) {
        if (withRuntime) {
            operator().getJobNames();
            return;
        }
        try {
            newest.reach();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a new execution of {@code jobName} holding a fresh run lock. */
    public StartedRun start(String jobName, Properties parameters) throws IOException {
        refuseWhileAnotherRunServes(jobName);
        RunLock lock = RunLock.acquire(lockDirectory);
        Properties withToken = new Properties();
        withToken.putAll(parameters);
        withToken.putAll(runIdentity(lock));
        holdSharedLock(jobName, parameters, lock);
        return started(lock, () -> operator().start(jobName, withToken));
    }

    /**
     * Restarts an execution that failed or stopped, or that was left running by a process that
     * died. Refused while its process is alive.
     */
    public StartedRun restart(long executionId) throws IOException {
        return restart(executionId, new Properties());
    }

    /** Restarts with some job parameters changed (JBeret keeps the others from the original run). */
    public StartedRun restart(long executionId, Properties overrides) throws IOException {
        JobExecution execution = execution(executionId);
        BatchStatus status = execution.getBatchStatus();
        if (!RESTARTABLE.contains(status)) {
            throw new OperationException("Execution " + executionId + " is " + status + " and cannot be restarted.");
        }
        Properties parameters = new Properties();
        parameters.putAll(overrides);
        if (RUNNING.contains(status)) {
            switch (Liveness.afterSettling(() -> liveness(execution))) {
                case ALIVE -> throw new OperationException("Execution " + executionId + " is " + status
                        + " in a process that is still alive; stop it (Ctrl-C or SIGTERM) before restarting.");
                case UNKNOWN -> throw new OperationException("Execution " + executionId + " is " + status
                        + " in a process started " + where(execution) + "; only there can this tool tell whether "
                        + "it is still alive: run the restart there.");
                case DEAD -> {
                }
            }
            // The process that ran it is gone: JBeret marks it FAILED and restarts from its last checkpoint.
            parameters.setProperty(PropertyKey.RESTART_MODE, PropertyKey.RESTART_MODE_FORCE);
        }
        refuseWhileAnotherRunServes(execution.getJobName());
        RunLock lock = RunLock.acquire(lockDirectory);
        parameters.putAll(runIdentity(lock));
        holdSharedLock(execution.getJobName(), execution.getJobParameters(), lock);
        try {
            return started(lock, () -> operator().restart(executionId, parameters));
        } catch (JobExecutionNotMostRecentException e) {
            JobExecution newest = newestOfItsInstance(executionId);
            throw new OperationException("Execution " + executionId + " was restarted already, as execution "
                    + newest.getExecutionId() + " (" + newest.getBatchStatus() + "): only the newest can be restarted.", e);
        }
    }

    /**
     * On an H2 AUTO_SERVER repository (the default), one run at a time: the process that opened
     * it serves it to the others, and when that run ends, another run's connections break; it
     * then failed, or could not record its end and waited forever. (On PostgreSQL, runs in
     * several processes are fine.)
     */
    private void refuseWhileAnotherRunServes(String jobName) throws IOException {
        if (!servedByARun) {
            return;
        }
        for (JobExecution execution : newestExecutions(jobName)) {
            if (RUNNING.contains(execution.getBatchStatus()) && liveness(execution) == Liveness.ALIVE) {
                throw new OperationException("Execution " + execution.getExecutionId() + " is running in another "
                        + "process on this job repository, which holds one run at a time: wait for it to end, or "
                        + "give this run a state directory of its own (AUDIOEXPORT_HOME).");
            }
        }
    }

    private JobExecution newestOfItsInstance(long executionId) {
        return operator().getJobExecutions(operator().getJobInstance(executionId)).stream()
                .max(Comparator.comparingLong(JobExecution::getExecutionId)).orElseThrow();
    }

    /** The newest execution of the job that did not complete and can be restarted, if any. */
    public Optional<JobExecution> lastUnfinished(String jobName) {
        return lastUnfinished(List.of(jobName));
    }

    /** The newest execution of any of these jobs that did not complete and can be restarted, if any. */
    public Optional<JobExecution> lastUnfinished(List<String> jobNames) {
        return newestExecutions(jobNames).stream()
                .filter(e -> RESTARTABLE.contains(e.getBatchStatus()))
                .max(Comparator.comparingLong(JobExecution::getExecutionId));
    }

    /** The newest executions of these jobs' recent instances, newest first. */
    public List<JobExecution> newestExecutions(List<String> jobNames) {
        return jobNames.stream().flatMap(name -> newestExecutions(name).stream())
                .sorted(Comparator.comparingLong(JobExecution::getExecutionId).reversed())
                .toList();
    }

    /** The newest execution of each of the job's recent instances (only that one can be restarted). */
    public List<JobExecution> newestExecutions(String jobName) {
        Optional<List<JobExecution>> read = newest.of(jobName, RECENT_INSTANCES);
        if (read.isPresent()) {
            return read.get();
        }
        // no tables yet (JBeret makes them), or a database the query does not fit
        List<JobInstance> instances;
        try {
            instances = operator().getJobInstances(jobName, 0, RECENT_INSTANCES);
        } catch (NoSuchJobException e) {
            return List.of();
        }
        return instances.stream()
                .map(instance -> operator().getJobExecutions(instance).stream()
                        .max(Comparator.comparingLong(JobExecution::getExecutionId)))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparingLong(JobExecution::getExecutionId).reversed())
                .toList();
    }

    public JobExecution execution(long executionId) {
        try {
            return operator().getJobExecution(executionId);
        } catch (NoSuchJobExecutionException e) {
            throw new OperationException("No execution " + executionId + " in this job repository.", e);
        }
    }

    public List<StepExecution> steps(long executionId) {
        return operator().getStepExecutions(executionId);
    }

    /** The totals saved with the execution's last checkpoint (see {@link ExportTotals#saved}). */
    public ExportTotals totals(long executionId) {
        return ExportTotals.saved(operator(), executionId);
    }

    /**
     * A run's liveness is its lock, which only a process on the same host with the same state
     * directory can probe; from anywhere else the answer is UNKNOWN, never a guessed DEAD. A
     * sync's is its lock in the target database, which every node can probe; a server's
     * execution's, on a PostgreSQL repository, its id's lock there ({@link DatabaseRunLock#judge}).
     */
    public Liveness liveness(JobExecution execution) throws IOException {
        if (!RUNNING.contains(execution.getBatchStatus())) {
            return Liveness.DEAD;
        }
        Properties parameters = execution.getJobParameters() == null ? new Properties() : execution.getJobParameters();
        Optional<Liveness> shared = DatabaseRunLock.judge(execution, sharedRepository);
        if (shared.isPresent()) {
            return shared.get();
        }
        String host = parameters.getProperty(HOST_PARAMETER);
        String directory = parameters.getProperty(LOCK_DIRECTORY_PARAMETER);
        if ((host != null && !host.equals(HOST)) || (directory != null && !directory.equals(lockDirectory.toString()))) {
            return Liveness.UNKNOWN;
        }
        return RunLock.isHeld(lockDirectory, parameters.getProperty(RunLock.TOKEN_PARAMETER)) ? Liveness.ALIVE
                : Liveness.DEAD;
    }

    /** "on host H with state directory D", for messages. */
    public static String where(JobExecution execution) {
        Properties parameters = execution.getJobParameters();
        return "on host " + parameters.getProperty(HOST_PARAMETER, "?") + " with lock directory "
                + parameters.getProperty(LOCK_DIRECTORY_PARAMETER, "?");
    }

    /**
     * A sync's liveness lives in its target database (PostgreSQL), which every node syncing into
     * it reaches: any of them can tell that the process running it died, and restart it.
     */
    private static void holdSharedLock(String jobName, Properties parameters, RunLock lock) throws IOException {
        if (!SYNC_JOB_NAME.equals(jobName)) {
            return;
        }
        try {
            DatabaseRunLock.hold(parameters.getProperty("jdbcUrl"), lock.token());
        } catch (IllegalStateException e) {
            lock.close();
            throw new OperationException(e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * A sync's lock in its target database, once its execution is known: the watchdog's messages
     * name the execution, and a lock retaken after its session was lost is confirmed against the
     * job repository (another process may have taken the run for dead and restarted it meanwhile).
     */
    private void identifyWatchedLock(String token, long executionId) {
        LockWatchdog.jvm().watched(LockWatchdog.runOwner(token)).ifPresent(held -> held.identify(
                "Execution " + executionId, DatabaseRunLock.repositoryStatus(
                        new UrlDataSource(repository.jdbcUrl(), repository.user(), repository.password()), executionId)));
    }

    private Properties runIdentity(RunLock lock) {
        Properties identity = new Properties();
        identity.setProperty(RunLock.TOKEN_PARAMETER, lock.token());
        identity.setProperty(HOST_PARAMETER, HOST);
        identity.setProperty(LOCK_DIRECTORY_PARAMETER, lockDirectory.toString());
        return identity;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment == null ? "unknown" : fromEnvironment;
        }
    }

    /**
     * Completes when an execution running in this JVM has ended and its end is saved in the
     * repository. (Its status turns final in memory a little before it is saved: a process
     * that exits on seeing it could leave the execution STARTED in the repository.)
     */
    public CompletableFuture<BatchStatus> termination(long executionId) {
        JobExecutionImpl execution = (JobExecutionImpl) operator().getJobExecution(executionId);
        CompletableFuture<BatchStatus> end = CompletableFuture.supplyAsync(() -> {
            try {
                execution.awaitTermination(0, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
            return execution.getBatchStatus();
        });
        abandonedBy(end, executionId);
        return end;
    }

    /**
     * Fails {@code end} when the batch runtime has no task left while the execution has not
     * ended: its runner died before it recorded the end (the job repository failed, on a full
     * disk say), and waiting on would wait for ever. Judged on two looks a second apart, so a
     * task between its submission and its run is never taken for gone.
     */
    private void abandonedBy(CompletableFuture<BatchStatus> end, long executionId) {
        Thread watch = new Thread(() -> {
            int idleLooks = 0;
            while (!end.isDone()) {
                idleLooks = environment.idle() ? idleLooks + 1 : 0;
                if (idleLooks >= 2) {
                    end.completeExceptionally(new OperationException("Execution " + executionId + "'s batch thread "
                            + "ended without recording the execution's end (see the errors above: its job repository "
                            + "may have failed); restart it once the cause is fixed."));
                    return;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "audio-export-end-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** Waits until an execution running in this JVM has ended and returns its final status. */
    public BatchStatus awaitEnd(long executionId) {
        return termination(executionId).join();
    }

    public void stop(long executionId) {
        operator().stop(executionId);
    }

    private interface Launch {
        long launch();
    }

    private StartedRun started(RunLock lock, Launch launch) throws IOException {
        try {
            long executionId = launch.launch();
            identifyWatchedLock(lock.token(), executionId);
            return new StartedRun(executionId, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }
}
