package dev.audioexport.server;

import dev.audioexport.confinement.ServerPolicy;
import dev.audioexport.sink.OutputDirectory;
import dev.audioexport.source.Sources;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.concurrent.CronTrigger;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jberet.runtime.JobExecutionImpl;

/**
 * Starts the export on its deploy-time cron schedule. A firing while an execution of the job is
 * still STARTING, STARTED or STOPPING starts nothing (and says so in the log); the trigger runs
 * firings one after the other, so two firings never race each other.
 */
final class ExportSchedule implements Runnable {

    static final String JOB_NAME = "audio-export";

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
        LOG.info(() -> "Export scheduled at '" + settings.cron() + "' (" + settings.zone() + "): " + settings.source()
                + " -> " + settings.csv());
        return executor.schedule(this, new CronTrigger(settings.cron(), settings.zone()));
    }

    @Override
    public void run() {
        try {
            JobOperator operator = BatchRuntime.getJobOperator();
            List<JobExecutionImpl> running = Executions.of(operator).running(JOB_NAME);
            if (!running.isEmpty()) {
                JobExecutionImpl busy = running.get(0);
                LOG.info(() -> "Scheduled run skipped: execution " + busy.getExecutionId() + " is still "
                        + busy.getBatchStatus());
                return;
            }
            long id = operator.start(JOB_NAME, parameters());
            LOG.info(() -> "Scheduled run started as execution " + id);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Scheduled run could not start: " + e.getMessage(), e);
        }
    }

    /**
     * The run's parameters: its output files resolved under the output directory, its source
     * checked as the server checks every source (the job checks it again when it opens it).
     */
    private Properties parameters() {
        Properties parameters = settings.parameters(ZonedDateTime.now(settings.zone()));
        parameters.setProperty("csv", OutputDirectory.path("csv", parameters.getProperty("csv")).toString());
        parameters.setProperty("source", Sources.checked(parameters.getProperty("source"), ServerPolicy.configured()));
        return parameters;
    }
}
