package dev.audioexport.server;

import dev.audioexport.batch.ServerExecutionLock;
import dev.audioexport.confinement.ServerPolicy;
import dev.audioexport.liveness.Liveness;
import dev.audioexport.liveness.SharedRepository;
import dev.audioexport.sink.OutputDirectory;
import dev.audioexport.source.Sources;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.concurrent.CronTrigger;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.spi.PropertyKey;

/**
 * Starts the export, or a sync, on its deploy-time cron schedule. A firing while an execution of
 * the job is still STARTING, STARTED or STOPPING starts nothing (and says so in the log); the
 * trigger runs firings one after the other, so two firings never race each other. On a shared
 * (PostgreSQL) repository, one left STARTED by a dead node (its lock is free) does not block it.
 * <p>A scheduled sync whose previous sync of the same projects, database and table ended FAILED
 * or STOPPED (or was left by a dead node) restarts it, as the CronJob example's {@code restart
 * --last}: only its unfinished projects run again, each from its checkpoint. A restart that did
 * not complete either is not restarted again: the next firing starts a new sync, so one project
 * that keeps failing does not hold back the others' next syncs.
 */
final class ExportSchedule implements Runnable {

    static final String JOB_NAME = "audio-export";
    /** A sync to restart rather than start anew: it ended without completing, or its node died. */
    private static final Set<BatchStatus> RESTARTABLE = EnumSet.of(BatchStatus.FAILED, BatchStatus.STOPPED,
            BatchStatus.STARTING, BatchStatus.STARTED, BatchStatus.STOPPING);

    private static final Logger LOG = Logger.getLogger(ExportSchedule.class.getName());

    private final ScheduleSettings settings;

    /**
     * Checks the source and the CSV now, so that a bad one fails the deployment rather than its
     * first run (the cron expression and zone: {@link ScheduleSettings}).
     */
    ExportSchedule(ScheduleSettings settings) {
        this.settings = settings;
        parameters();
    }

    ScheduledFuture<?> start(ManagedScheduledExecutorService executor) {
        LOG.info(() -> (settings.isSync() ? "Sync scheduled at '" + settings.cron() + "' (" + settings.zone() + "): "
                + settings.sync().getProperty("projects") + " -> " + settings.sync().getProperty("jdbcUrl")
                : "Export scheduled at '" + settings.cron() + "' (" + settings.zone() + "): " + settings.source()
                + " -> " + settings.csv()));
        return executor.schedule(this, new CronTrigger(settings.cron(), settings.zone()));
    }

    @Override
    public void run() {
        String what = settings.isSync() ? "sync" : "run";
        try {
            JobOperator operator = BatchRuntime.getJobOperator();
            Executions executions = Executions.of(operator);
            String job = settings.isSync() ? SyncJobParameters.JOB_NAME : JOB_NAME;
            Optional<DataSource> shared = SharedRepository.configured();
            List<JobExecutionImpl> running = executions.running(job);
            Optional<JobExecutionImpl> busy = running.stream().filter(e -> shared.isEmpty()
                    || StaleExecutions.judge(shared).apply(e) != Liveness.DEAD).findFirst();
            if (busy.isPresent()) {
                LOG.info(() -> "Scheduled " + what + " skipped: execution " + busy.get().getExecutionId()
                        + " is still " + busy.get().getBatchStatus());
                return;
            }
            if (settings.isSync()) {
                Properties parameters = syncParameters();
                Optional<JobExecutionImpl> unfinished = unfinishedSync(operator, executions, parameters);
                if (unfinished.isPresent()) {
                    long failed = unfinished.get().getExecutionId();
                    Properties restart = new Properties();
                    if (Executions.isRunning(unfinished.get().getBatchStatus())) {
                        restart.setProperty(PropertyKey.RESTART_MODE, PropertyKey.RESTART_MODE_FORCE);
                    }
                    long id = operator.restart(failed, restart);
                    ServerExecutionLock.started(id);
                    LOG.info(() -> "Scheduled sync restarted execution " + failed + " ("
                            + unfinished.get().getBatchStatus() + ") as execution " + id);
                    return;
                }
                long id = operator.start(job, parameters);
                ServerExecutionLock.started(id);
                LOG.info(() -> "Scheduled sync started as execution " + id);
                return;
            }
            long id = operator.start(JOB_NAME, parameters());
            ServerExecutionLock.started(id);
            LOG.info(() -> "Scheduled run started as execution " + id);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Scheduled " + what + " could not start: " + e.getMessage(), e);
        }
    }

    /**
     * The newest sync of the same projects, database and table, if it did not complete and is the
     * first execution of its instance (a restart that failed is not restarted again).
     */
    private static Optional<JobExecutionImpl> unfinishedSync(JobOperator operator, Executions executions,
            Properties parameters) {
        return executions.newest(SyncJobParameters.JOB_NAME, e -> e.getJobParameters() != null
                && Stream.of("projects", "jdbcUrl", "table").allMatch(name -> Objects.equals(
                        e.getJobParameters().getProperty(name), parameters.getProperty(name))))
                .filter(e -> RESTARTABLE.contains(e.getBatchStatus()))
                .filter(e -> operator.getJobExecutions(operator.getJobInstance(e.getExecutionId())).size() == 1);
    }

    /** A scheduled sync's parameters, checked as the operator API checks a sync's. */
    private Properties syncParameters() {
        try {
            return SyncJobParameters.forStart(settings.sync(), ServerPolicy.configured(), OutputDirectory.configured());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The scheduled sync (AUDIOEXPORT_SCHEDULE_JOB=sync, its job parameters "
                    + "from AUDIOEXPORT_SCHEDULE_PROJECTS, _JDBC_URL, ...): " + e.getMessage(), e);
        }
    }

    /**
     * The run's parameters: its output files resolved under the output directory, its source
     * checked as the server checks every source (the job checks it again when it opens it).
     */
    private Properties parameters() {
        if (settings.isSync()) {
            return syncParameters();
        }
        Properties parameters = settings.parameters(ZonedDateTime.now(settings.zone()));
        parameters.setProperty("csv", OutputDirectory.path("csv", parameters.getProperty("csv")).toString());
        parameters.setProperty("source", Sources.checked(parameters.getProperty("source"), ServerPolicy.configured()));
        return parameters;
    }
}
