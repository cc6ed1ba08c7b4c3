package dev.audioexport.server;

import dev.audioexport.liveness.DatabaseRunLock;
import dev.audioexport.liveness.Liveness;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jberet.runtime.JobExecutionImpl;

/**
 * At boot, finds executions that the repository still shows STARTING, STARTED or STOPPING but
 * that were created before this server started, and judges whether the process running them is
 * alive. On a server's own (H2) repository it cannot be: the server that ran them died (kill -9,
 * OOM, power loss) without ending them. On a shared (PostgreSQL) repository another node may be
 * running them: each execution a server runs holds its id's advisory lock in that database
 * (batch/ServerExecutionLock), a command-line sync its run token's in its target database; a
 * lock a live session holds leaves the execution alone, a free one means its node died. The dead
 * ones are marked FAILED, so that listings tell the truth and a plain {@code restart} continues
 * each from its last checkpoint. Operators never edit tables. Framework-free: the judge decides.
 */
final class StaleExecutions {

    private static final Logger LOG = Logger.getLogger(StaleExecutions.class.getName());

    private StaleExecutions() {
    }

    /**
     * The judge of a server: on a shared (PostgreSQL) repository, the locks in the databases tell;
     * on the server's own H2 file every execution from before its start was this server's, and is dead.
     */
    static Function<JobExecutionImpl, Liveness> judge(Optional<DataSource> sharedRepository) {
        return sharedRepository.<Function<JobExecutionImpl, Liveness>>map(repository -> execution ->
                DatabaseRunLock.judge(execution, repository).orElse(Liveness.UNKNOWN))
                .orElse(execution -> Liveness.DEAD);
    }

    /**
     * Marks FAILED the executions of these jobs left running from before {@code serverStart}
     * that {@code liveness} finds DEAD; returns their ids. ALIVE and UNKNOWN ones are left alone
     * (and logged): failing a live sync would let a restart run it twice at once.
     */
    static List<Long> markFailed(Executions executions, Collection<String> jobNames, Instant serverStart,
            Function<JobExecutionImpl, Liveness> liveness) {
        List<Long> marked = new ArrayList<>();
        for (String jobName : jobNames) {
            for (JobExecutionImpl execution : executions.running(jobName)) {
                if (!execution.getCreateTime().toInstant().isBefore(serverStart)) {
                    continue;
                }
                String was = execution.getBatchStatus().name();
                long id = execution.getExecutionId();
                switch (liveness.apply(execution)) {
                    case DEAD -> {
                        executions.markFailed(execution, "the server running it stopped without ending it (was " + was
                                + "); restart it to continue from its last checkpoint");
                        marked.add(id);
                        LOG.warning(() -> "Execution " + id + " of " + jobName + " was left " + was
                                + " by a server that is gone; marked FAILED so that it can be restarted");
                    }
                    case ALIVE -> LOG.info(() -> "Execution " + id + " of " + jobName + " is " + was + " on another "
                            + "node, which is alive (it holds the execution's lock in the shared database); left alone");
                    case UNKNOWN -> LOG.warning(() -> "Execution " + id + " of " + jobName + " is " + was + " and "
                            + "whether its process is alive cannot be told from here (a command-line run's lock is a "
                            + "file on its host, or the database did not answer); left alone: restart it where it ran");
                }
            }
        }
        return marked;
    }
}
