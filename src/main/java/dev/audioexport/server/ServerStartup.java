package dev.audioexport.server;

import dev.audioexport.confinement.ServerPolicy;
import dev.audioexport.liveness.Liveness;
import dev.audioexport.liveness.SharedRepository;
import dev.audioexport.sink.OutputDirectory;
import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jberet.runtime.JobExecutionImpl;

/**
 * What the deployment does once at boot: say whether the operator API is exposed, check the
 * TLS settings and the schedule (a bad one fails the deployment), then, once the batch runtime of the deployment is
 * up, mark executions left running by a dead server FAILED and only then start the schedule (so
 * that a stale execution never makes its first firing skip).
 * <p>A servlet listener: the web container starts it, so it belongs to the server alone.
 */
@WebListener
public class ServerStartup implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(ServerStartup.class.getName());

    /** WildFly starts the deployment's JobOperator after CDI; waiting longer than this means it failed. */
    private static final Duration BATCH_RUNTIME_WAIT = Duration.ofMinutes(2);

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (OperatorAccount.configured()) {
            LOG.info("The operator API is exposed under /api (HTTP Basic; roles batch-operator, batch-viewer)");
        } else {
            LOG.severe(OperatorAccount.missingMessage());
        }
        OutputDirectory.configured().ifPresent(output -> LOG.info("Output files go under " + output.base()));
        ServerPolicy sources = ServerPolicy.configured();
        if (sources.isConfined()) {
            LOG.info("Source files are read only under " + sources.inputDirectory()
                    + "; http(s) sources only from the hosts in " + ServerPolicy.HOSTS_VARIABLE);
        }
        TlsSettings.problem().ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
        if (TlsSettings.enabled()) {
            LOG.info("HTTPS is on; plain HTTP only redirects to it");
        }
        Optional<ExportSchedule> schedule = ScheduleSettings.configured().map(ExportSchedule::new);
        Instant deadline = Instant.now().plus(BATCH_RUNTIME_WAIT);
        scheduler.execute(() -> whenBatchRuntimeIsUp(deadline, () -> {
            markStaleExecutions();
            schedule.ifPresent(s -> s.start(scheduler));
            judgePeriodically();
        }));
    }

    private void markStaleExecutions() {
        Instant serverStart = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        JobOperator operator = BatchRuntime.getJobOperator();
        List<Long> stale = StaleExecutions.markFailed(Executions.of(operator), operator.getJobNames(), serverStart,
                liveness());
        LOG.info(stale.isEmpty() ? "No execution was left running by a previous server"
                : "Marked " + stale.size() + " execution(s) left running by a previous server FAILED: " + stale);
    }

    /** On a shared repository, a node that dies while this one runs: its executions are judged every minute. */
    private void judgePeriodically() {
        Optional<DataSource> shared = SharedRepository.configured();
        Duration period = PeriodicJudge.period();
        if (shared.isEmpty() || period.isZero() || period.isNegative()) {
            return;
        }
        PeriodicJudge judge = new PeriodicJudge(PeriodicJudge.gap(period), shared.get());
        Function<JobExecutionImpl, Liveness> liveness = StaleExecutions.judge(shared);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                JobOperator operator = BatchRuntime.getJobOperator();
                judge.round(Executions.of(operator), operator.getJobNames(), liveness, Instant.now());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A periodic judge of the executions left running failed; the next one tries "
                        + "again", e);
            }
        }, period.toSeconds(), period.toSeconds(), TimeUnit.SECONDS);
        LOG.info(() -> "Executions left running by a node that dies are judged every " + period.toSeconds() + " s");
    }

    private static Function<JobExecutionImpl, Liveness> liveness() {
        Optional<DataSource> shared = SharedRepository.configured();
        shared.ifPresent(repository -> LOG.info("The job repository is PostgreSQL, which other nodes may share: "
                + "executions left running are judged by their locks in it"));
        return StaleExecutions.judge(shared);
    }

    private void whenBatchRuntimeIsUp(Instant deadline, Runnable work) {
        try {
            BatchRuntime.getJobOperator().getJobNames();
        } catch (IllegalStateException notYet) {
            if (Instant.now().isBefore(deadline)) {
                scheduler.schedule(() -> whenBatchRuntimeIsUp(deadline, work), 200, TimeUnit.MILLISECONDS);
            } else {
                LOG.log(Level.SEVERE, "The batch runtime did not start: stale executions are not marked "
                        + "and the schedule does not run", notYet);
            }
            return;
        }
        work.run();
    }
}
