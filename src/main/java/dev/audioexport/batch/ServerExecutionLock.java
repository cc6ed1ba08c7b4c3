package dev.audioexport.batch;

import dev.audioexport.liveness.DatabaseRunLock;
import dev.audioexport.liveness.LockWatchdog;
import dev.audioexport.liveness.SharedRepository;
import jakarta.batch.api.listener.JobListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * In a server whose job repository is PostgreSQL (shared by several nodes), the execution holds
 * its id's advisory lock in that database from before its first step to its end: another node
 * booting, or an operator restarting it from another node, sees by the lock whether the node
 * running it is alive (server/StaleExecutions). The {@link LockWatchdog} keeps it held if its
 * session is lost, or stops the execution's writes (RowWriter) when it cannot. Elsewhere (the
 * command line; a server on its own H2 file) it does nothing.
 */
@Named
@Dependent
public class ServerExecutionLock implements JobListener {

    private static final Logger LOG = Logger.getLogger(ServerExecutionLock.class.getName());
    /** The locks of the executions of this JVM (watched: a lost session is retaken), by execution id. */
    private static final Map<Long, LockWatchdog.Held> HELD = new HashMap<>();
    /**
     * Executions that ended before the path that started them took their lock (a short job on an
     * idle pool), so that it takes none; the newest only, as that path follows within moments.
     */
    private static final Set<Long> ENDED = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > 1000;
        }
    });

    @Inject
    JobContext job;

    /**
     * Takes the lock of an execution just started or restarted through the API or the schedule,
     * before it waits for a batch thread: a queued execution that held no lock would look dead
     * to another node's boot or restart. Its batch thread then keeps this lock. Failing here is
     * no failure: the batch thread takes the lock when it runs the execution.
     */
    public static void started(long executionId) {
        SharedRepository.configured().ifPresent(repository -> started(repository, executionId));
    }

    static void started(DataSource repository, long executionId) {
        synchronized (HELD) {
            if (HELD.containsKey(executionId) || ENDED.remove(executionId)) {
                return;
            }
            try {
                HELD.put(executionId, DatabaseRunLock.watchExecution(repository, executionId));
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "Execution " + executionId + "'s lock could not be taken at its start; its "
                        + "batch thread takes it when it runs", e);
            }
        }
    }

    /** Before the execution's first step, on its batch thread: its lock, unless its start took it. */
    static void running(DataSource repository, long executionId) throws SQLException {
        synchronized (HELD) {
            if (!HELD.containsKey(executionId)) {
                HELD.put(executionId, DatabaseRunLock.watchExecution(repository, executionId));
            }
        }
    }

    /** After the execution's end: its lock goes. */
    static void ended(long executionId) throws SQLException {
        LockWatchdog.Held held;
        synchronized (HELD) {
            held = HELD.remove(executionId);
            ENDED.add(executionId);
        }
        if (held != null) {
            held.release();
        }
    }

    @Override
    public void beforeJob() throws Exception {
        Optional<DataSource> repository = SharedRepository.configured();
        if (repository.isEmpty()) {
            return;
        }
        long id = job.getExecutionId();
        try {
            running(repository.get(), id);
        } catch (SQLException e) {
            // Unseen, another node would take it for dead and fail it while it runs.
            throw new IllegalStateException("Cannot take execution " + id + "'s lock in the job repository, which "
                    + "tells the other nodes it is alive: " + e.getMessage(), e);
        }
    }

    @Override
    public void afterJob() {
        if (SharedRepository.configured().isEmpty()) {
            return;
        }
        try {
            ended(job.getExecutionId());
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Execution " + job.getExecutionId() + "'s lock could not be let go; it goes "
                    + "with its session", e);
        }
    }
}
