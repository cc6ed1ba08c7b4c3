package dev.audioexport.server;

import dev.audioexport.batch.FailedExitStatus;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.operations.NoSuchJobException;
import jakarta.batch.runtime.BatchStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jberet.operations.AbstractJobOperator;
import org.jberet.operations.DelegatingJobOperator;
import org.jberet.repository.JobRepository;
import org.jberet.runtime.JobExecutionImpl;

/**
 * The recent executions of a job as the server's JBeret job repository has them, with the
 * statuses JBeret itself leaves out of "running" (STOPPING).
 */
public final class Executions {

    static final Set<BatchStatus> RUNNING = EnumSet.of(BatchStatus.STARTING, BatchStatus.STARTED, BatchStatus.STOPPING);

    /** How many of a job's newest executions are looked at: enough for any that can still be running. */
    private static final int RECENT = 500;

    private final JobRepository repository;

    private Executions(JobRepository repository) {
        this.repository = repository;
    }

    /** Over the deployment's JBeret runtime (WildFly hands out a delegating operator). */
    static Executions of(JobOperator operator) {
        return of(repositoryOf(operator));
    }

    static Executions of(JobRepository repository) {
        return new Executions(repository);
    }

    /** The job repository under the deployment's JBeret runtime. */
    public static JobRepository repositoryOf(JobOperator operator) {
        JobOperator target = operator instanceof DelegatingJobOperator delegating ? delegating.getDelegate() : operator;
        return ((AbstractJobOperator) target).getJobRepository();
    }

    /** STARTING, STARTED or STOPPING: not ended, as far as the repository shows. */
    public static boolean isRunning(BatchStatus status) {
        return RUNNING.contains(status);
    }

    /** The job's newest executions that are STARTING, STARTED or STOPPING in the repository. */
    List<JobExecutionImpl> running(String jobName) {
        List<JobExecutionImpl> running = new ArrayList<>();
        List<Long> ids;
        try {
            ids = repository.getJobExecutionsByJob(jobName, RECENT);
        } catch (NoSuchJobException e) {
            return running;
        }
        for (long id : ids) {
            JobExecutionImpl execution = (JobExecutionImpl) repository.getJobExecution(id);
            if (execution != null && RUNNING.contains(execution.getBatchStatus())) {
                running.add(execution);
            }
        }
        return running;
    }

    /** The job's newest execution (of its {@value #RECENT} newest) that {@code matches}, if any. */
    Optional<JobExecutionImpl> newest(String jobName, Predicate<JobExecutionImpl> matches) {
        List<Long> ids;
        try {
            ids = new ArrayList<>(repository.getJobExecutionsByJob(jobName, RECENT));
        } catch (NoSuchJobException e) {
            return Optional.empty();
        }
        ids.sort(Comparator.reverseOrder());
        for (long id : ids) {
            JobExecutionImpl execution = (JobExecutionImpl) repository.getJobExecution(id);
            if (execution != null && matches.test(execution)) {
                return Optional.of(execution);
            }
        }
        return Optional.empty();
    }

    /** Marks an execution FAILED with the reason as its exit status, as JBeret's own forced restart would. */
    void markFailed(JobExecutionImpl execution, String reason) {
        execution.setExitStatus(FailedExitStatus.of(reason));
        execution.setBatchStatus(BatchStatus.FAILED);
        execution.setLastUpdatedTime(System.currentTimeMillis());
        repository.updateJobExecution(execution, true, false);
    }
}
