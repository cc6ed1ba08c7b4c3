package dev.audioexport.liveness;

import dev.audioexport.confinement.ConfinementException;
import dev.audioexport.confinement.ServerPolicy;
import dev.audioexport.sink.SqlDatabase;
import dev.audioexport.sink.UrlDataSource;
import jakarta.batch.runtime.JobExecution;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A run's liveness that every node sharing its PostgreSQL database can judge: the process holds
 * a session advisory lock for as long as it lives; a dead process's session, and with it the
 * lock, is gone. A local lock file only tells the processes of one host and state directory.
 *
 * <p>Two kinds of runs: a command-line sync holds its run token's lock in its target database
 * ({@link #hold(String, String)}); an execution a server runs holds its execution id's lock in
 * the server's job repository when that is PostgreSQL ({@link #holdExecution}), so that the
 * other servers sharing the repository (and the command line on it) can tell a dead node's
 * execution from a live one. Keys are 64 bits of SHA-256 over a name space and the id, the same
 * on every node ({@code pg_advisory_lock(bigint)}, apart from the two-key locks of projects).
 */
public final class DatabaseRunLock {

    /** The job parameter of a command-line run's token (operations/RunLock), which its lock is keyed by. */
    public static final String TOKEN_PARAMETER = "runToken";
    /** The job whose command-line runs hold their token's lock in the target database (jobs/audio-export-sync.xml). */
    private static final String SYNC_JOB = "audio-export-sync";
    private static final String LOCK_SPACE = "audio-export run";
    private static final String EXECUTION_SPACE = "audio-export execution";
    /** How long an execution waits for its lock while a probe of another node holds it (a probe takes milliseconds). */
    static final Duration PROBE_WAIT = Duration.ofSeconds(5);
    /** The repository statuses of an execution that has not ended. */
    private static final Set<String> RUNNING = Set.of("STARTING", "STARTED", "STOPPING");

    private DatabaseRunLock() {
    }

    /**
     * The liveness the shared databases tell, if they can: a command-line sync's run token lock in
     * its target database; an execution a server started (it has no run token) by its id's lock in
     * the job repository, when that is PostgreSQL ({@code sharedRepository}, else null). Empty for
     * a command-line run (its lock file tells) and for a server's execution on its own H2 file.
     * An execution whose id's lock a live session holds is ALIVE whatever its parameters say.
     */
    public static Optional<Liveness> judge(JobExecution execution, DataSource sharedRepository) {
        Properties parameters = execution.getJobParameters() == null ? new Properties() : execution.getJobParameters();
        String token = parameters.getProperty(TOKEN_PARAMETER);
        // A server's restart of a command-line run carries the original's run token over (JBeret keeps the
        // original's parameters), whose lock no one holds: the execution's own lock is asked first.
        Boolean serverHeld = sharedRepository == null ? null : isExecutionHeld(sharedRepository, execution.getExecutionId());
        if (Boolean.TRUE.equals(serverHeld)) {
            return Optional.of(Liveness.ALIVE);
        }
        Boolean held;
        if (token != null) {
            if (!SYNC_JOB.equals(execution.getJobName())) {
                return Optional.empty();
            }
            String jdbcUrl = parameters.getProperty("jdbcUrl");
            if (!mayConnect(jdbcUrl)) {
                return Optional.of(Liveness.UNKNOWN);
            }
            held = isHeld(jdbcUrl, token);
        } else if (sharedRepository != null) {
            held = serverHeld;
        } else {
            return Optional.empty();
        }
        return Optional.of(held == null ? Liveness.UNKNOWN : held ? Liveness.ALIVE : Liveness.DEAD);
    }

    /**
     * Whether this JVM may connect to a saved execution's database to probe its lock: in a server
     * only one of AUDIOEXPORT_TABLE_URLS, since the connection carries the server's database account
     * (AUDIOEXPORT_DB_USER/_PASSWORD) to whatever host the URL names, and a command-line sync on the
     * shared repository (or one started by management start-job) may name any URL.
     */
    private static boolean mayConnect(String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            return false;
        }
        try {
            ServerPolicy.configured().checkTableUrl(jdbcUrl);
            return true;
        } catch (ConfinementException e) {
            return false;
        }
    }

    /**
     * Takes the run's lock in {@code jdbcUrl}'s database for the rest of this process's life (never
     * let go: that would tell the others the run died), watched by the {@link LockWatchdog}.
     */
    public static void hold(String jdbcUrl, String token) {
        try {
            UrlDataSource database = UrlDataSource.fromEnvironment(jdbcUrl);
            long key = key(LOCK_SPACE, token);
            Connection connection = database.getConnection();
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, key);
                lock.execute();
            }
            LockWatchdog.jvm().watch(LockWatchdog.runOwner(token), "Run " + token, database, key, connection,
                    LockWatchdog.Confirmation.NONE);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot take the run's lock in " + jdbcUrl + ": " + SqlDatabase.errorOf(e), e);
        }
    }

    /** Whether a live session holds the run's lock; null when the database cannot be asked. */
    public static Boolean isHeld(String jdbcUrl, String token) {
        return isHeld(UrlDataSource.fromEnvironment(jdbcUrl), key(LOCK_SPACE, token));
    }

    /**
     * Takes the lock of an execution a server runs, on a connection of the job repository's
     * datasource that stays open (out of the pool) until {@link #release}: the session is the
     * execution's liveness.
     *
     * @throws SQLException when it cannot be taken (the execution must not run unseen)
     */
    public static Connection holdExecution(DataSource repository, long executionId) throws SQLException {
        return take(repository, executionKey(executionId), "execution " + executionId);
    }

    /**
     * {@link #holdExecution}, watched by the {@link LockWatchdog}: a session lost is retaken, and
     * confirmed by the execution's status in the repository (another node may have failed it).
     */
    public static LockWatchdog.Held watchExecution(DataSource repository, long executionId) throws SQLException {
        Connection session = holdExecution(repository, executionId);
        return LockWatchdog.jvm().watch(LockWatchdog.executionOwner(executionId), "Execution " + executionId,
                repository, executionKey(executionId), session, repositoryStatus(repository, executionId));
    }

    /**
     * Whether another node took an execution for dead, as the job repository tells (JBeret's
     * JOB_EXECUTION table, read directly: JBeret's own repository object keeps this JVM's copy).
     */
    public static LockWatchdog.Confirmation repositoryStatus(DataSource repository, long executionId) {
        return () -> {
            try (Connection connection = repository.getConnection();
                    PreparedStatement query = connection.prepareStatement(
                            "SELECT batchstatus, exitstatus FROM job_execution WHERE jobexecutionid = ?")) {
                query.setLong(1, executionId);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next() || RUNNING.contains(row.getString(1))) {
                        return Optional.empty();
                    }
                    return Optional.of("the job repository shows it " + row.getString(1)
                            + (row.getString(2) == null ? "" : ", " + row.getString(2)));
                }
            }
        };
    }

    /** A lock that another session holds for longer than a probe does. */
    static final class HeldElsewhere extends SQLException {
        HeldElsewhere(String what) {
            super(what + "'s lock is held by another session");
        }
    }

    /**
     * Takes a lock on a new session of {@code database}, waiting out another node's liveness
     * probe (boot, schedule, restart), which holds it for a moment.
     *
     * @throws HeldElsewhere when another session holds it longer
     */
    static Connection take(DataSource database, long key, String what) throws SQLException {
        Connection connection = database.getConnection();
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, key);
            long deadline = System.nanoTime() + PROBE_WAIT.toNanos();
            while (!tryLock(lock)) {
                if (System.nanoTime() > deadline) {
                    throw new HeldElsewhere(what);
                }
                Thread.sleep(50);
            }
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        } catch (InterruptedException e) {
            connection.close();
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while taking " + what + "'s lock", e);
        }
    }

    private static boolean tryLock(PreparedStatement lock) throws SQLException {
        try (ResultSet result = lock.executeQuery()) {
            result.next();
            return result.getBoolean(1);
        }
    }

    /** Lets an execution's lock go and gives its connection back (a pooled one must not keep the lock). */
    public static void release(Connection connection) throws SQLException {
        try (connection; PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock_all()")) {
            unlock.execute();
        }
    }

    /** {@link #release}, for a lock given up anyway: a failure only leaves it to the session's end. */
    static void releaseQuietly(Connection connection) {
        try {
            release(connection);
        } catch (SQLException e) {
            // the session goes with the connection
        }
    }

    /** Whether a live session holds the lock of a server's execution; null when the database cannot be asked. */
    public static Boolean isExecutionHeld(DataSource repository, long executionId) {
        return isHeld(repository, executionKey(executionId));
    }

    /** Probes without keeping anything: a lock it got is let go at once (the connection may be pooled). */
    private static Boolean isHeld(DataSource database, long key) {
        try (Connection connection = database.getConnection();
                PreparedStatement probe = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            probe.setLong(1, key);
            try (ResultSet result = probe.executeQuery()) {
                result.next();
                if (!result.getBoolean(1)) {
                    return true;
                }
            }
            try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, key);
                unlock.execute();
            }
            return false;
        } catch (SQLException e) {
            return null;
        }
    }

    /** The key of an execution's lock, as pg_locks shows it ((classid << 32) | objid, objsubid 1). */
    public static long executionKey(long executionId) {
        return key(EXECUTION_SPACE, Long.toString(executionId));
    }

    /** 64 bits of SHA-256 of the space and the id: what two 32-bit hashtext values gave, with fewer collisions. */
    static long key(String space, String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((space + "\n" + id).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
