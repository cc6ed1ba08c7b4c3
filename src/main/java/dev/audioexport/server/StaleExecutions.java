package dev.audioexport.server;

import jakarta.batch.operations.JobOperator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.jberet.runtime.JobExecutionImpl;

/**
 * At boot, finds executions that the repository still shows STARTING, STARTED or STOPPING but
 * that were created before this server started: the server that ran them died (kill -9, OOM,
 * power loss) without ending them. They are marked FAILED, so that listings tell the truth and a
 * plain {@code restart} continues each from its last checkpoint. Operators never edit tables.
 * <p>This assumes one server per job repository (see deploy/README.md).
 */
final class StaleExecutions {

    private static final Logger LOG = Logger.getLogger(StaleExecutions.class.getName());

    private StaleExecutions() {
    }

    /** Marks the stale executions of every job of the deployment; returns their ids. */
    static List<Long> markFailed(JobOperator operator, Instant serverStart) {
        Executions executions = Executions.of(operator);
        List<Long> marked = new ArrayList<>();
        for (String jobName : operator.getJobNames()) {
            for (JobExecutionImpl execution : executions.running(jobName)) {
                if (execution.getCreateTime().toInstant().isBefore(serverStart)) {
                    String was = execution.getBatchStatus().name();
                    executions.markFailed(execution, "the server running it stopped without ending it (was " + was
                            + "); restart it to continue from its last checkpoint");
                    marked.add(execution.getExecutionId());
                    LOG.warning(() -> "Execution " + execution.getExecutionId() + " of " + jobName + " was left " + was
                            + " by a server that is gone; marked FAILED so that it can be restarted");
                }
            }
        }
        return marked;
    }
}
