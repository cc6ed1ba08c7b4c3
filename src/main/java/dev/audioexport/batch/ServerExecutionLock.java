package dev.audioexport.batch;

import dev.audioexport.liveness.DatabaseRunLock;
import dev.audioexport.liveness.SharedRepository;
import jakarta.batch.api.listener.JobListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * In a server whose job repository is PostgreSQL (shared by several nodes), the execution holds
 * its id's advisory lock in that database from before its first step to its end: another node
 * booting, or an operator restarting it from another node, sees by the lock whether the node
 * running it is alive (server/StaleExecutions). Elsewhere (the command line; a server on its own
 * H2 file) it does nothing.
 */
@Named
@Dependent
public class ServerExecutionLock implements JobListener {

    private static final Logger LOG = Logger.getLogger(ServerExecutionLock.class.getName());
    /** The sessions holding the locks of the executions running in this JVM, by execution id. */
    private static final Map<Long, Connection> HELD = new ConcurrentHashMap<>();

    @Inject
    JobContext job;

    @Override
    public void beforeJob() throws Exception {
        Optional<DataSource> repository = SharedRepository.configured();
        if (repository.isEmpty()) {
            return;
        }
        long id = job.getExecutionId();
        try {
            HELD.put(id, DatabaseRunLock.holdExecution(repository.get(), id));
        } catch (SQLException e) {
            // Unseen, another node would take it for dead and fail it while it runs.
            throw new IllegalStateException("Cannot take execution " + id + "'s lock in the job repository, which "
                    + "tells the other nodes it is alive: " + e.getMessage(), e);
        }
    }

    @Override
    public void afterJob() {
        Connection held = HELD.remove(job.getExecutionId());
        if (held == null) {
            return;
        }
        try {
            DatabaseRunLock.release(held);
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Execution " + job.getExecutionId() + "'s lock could not be let go; it goes "
                    + "with its session", e);
        }
    }
}
