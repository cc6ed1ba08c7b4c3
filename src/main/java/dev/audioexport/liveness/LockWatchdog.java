package dev.audioexport.liveness;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Keeps this JVM's liveness locks (session advisory locks, {@link DatabaseRunLock}) held while
 * their runs go on. A lock lives in its session: if the network or PostgreSQL ends that session
 * ({@code pg_terminate_backend}, a dropped connection, a database restart), the run would go on
 * unseen, another node would take it for dead, mark it FAILED, and a restart would run a second
 * copy. One daemon thread per JVM checks every held lock's session every {@link #interval} with
 * a cheap round trip ({@link Connection#isValid}); a session found gone puts its lock IN DOUBT,
 * and the run's writer waits ({@link #awaitWritable}) while the watchdog reconnects and retakes
 * the lock ({@code pg_try_advisory_lock}).
 *
 * <p>Retaken, the lock is not enough: another node may have judged the run dead while it was
 * free (a restart of it runs under a new execution id, whose lock is another). So the watchdog
 * waits {@link #settle} (longer than any judge takes between its probe and its verdict; with the
 * lock held again no new probe finds it free) and then asks the run's {@link Confirmation} (the
 * job repository's status of the execution). Still running: the run goes on, and a WARNING names
 * it. Otherwise, or when another process holds the lock, or when the database stays unreachable
 * past {@link #grace}, the lock is LOST and every later write of the run fails with the reason:
 * fail-safe, two copies never both write on. A restart continues it from its last checkpoint.
 *
 * <p>What it cannot close: a session lost between two checks is noticed at the next check, so
 * the run may write up to one interval unheld; a node that judged it dead in that interval and
 * restarted it makes the retake's confirmation fail it, after at most that interval of overlap.
 */
public final class LockWatchdog {

    /**
     * 10 s: each check is one round trip on an idle session per running execution (a handful per
     * node), nothing for PostgreSQL; and it bounds how long a run may write after its lock's session
     * went, before the watchdog notices and holds its writes. A boot or restart on another node
     * reacts in less than that, which is why a retake is confirmed against the job repository.
     */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    /**
     * 60 s: a PostgreSQL restart or a fail-over takes seconds to tens of seconds; a run waits that
     * long for its database before it fails (its writes are held meanwhile, so it loses nothing).
     */
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(60);
    /** System properties that override the defaults, in seconds. */
    public static final String INTERVAL_PROPERTY = "audioexport.liveness.checkSeconds";
    public static final String GRACE_PROPERTY = "audioexport.liveness.graceSeconds";
    /** How long a session check may take before the session counts as gone. */
    private static final int CHECK_TIMEOUT_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(LockWatchdog.class.getName());
    private static final LockWatchdog JVM = new LockWatchdog(seconds(INTERVAL_PROPERTY, DEFAULT_INTERVAL),
            seconds(GRACE_PROPERTY, DEFAULT_GRACE), DatabaseRunLock.PROBE_WAIT);

    private final Duration interval;
    private final Duration grace;
    private final Duration settle;
    /**
     * A check older than this is not trusted by a writer, which waits for the next: a JVM stalled
     * (a long GC pause, a starved CPU) may have lost its session unnoticed meanwhile.
     */
    private final Duration trusted;
    private final Map<String, Held> watched = new ConcurrentHashMap<>();
    private Thread thread;

    LockWatchdog(Duration interval, Duration grace, Duration settle) {
        this.interval = interval;
        this.grace = grace;
        this.settle = settle;
        this.trusted = interval.multipliedBy(2).plusSeconds(CHECK_TIMEOUT_SECONDS);
    }

    /**
     * The longest a live run's lock can stay free before this JVM holds it again or has stopped
     * the run's writes: a check interval, the check's timeout, a retake's wait for a probe and the
     * settle. A judge on another node that finds a lock free twice at least this far apart knows
     * the run is dead or writes no more (server/PeriodicJudge).
     */
    public Duration noticeWithin() {
        return interval.plusSeconds(CHECK_TIMEOUT_SECONDS).plus(DatabaseRunLock.PROBE_WAIT).plus(settle);
    }

    /** The one watchdog of this JVM. */
    public static LockWatchdog jvm() {
        return JVM;
    }

    /** The owner name of a server execution's lock (its writer asks by it). */
    public static String executionOwner(long executionId) {
        return "execution " + executionId;
    }

    /** The owner name of a command-line run's token lock (its writer asks by it). */
    public static String runOwner(String token) {
        return "run " + token;
    }

    /**
     * Asks whether another node took a run for dead while its lock was free: empty while the job
     * repository still shows it running, else why not.
     */
    @FunctionalInterface
    public interface Confirmation {
        Confirmation NONE = () -> Optional.empty();

        Optional<String> judgedDead() throws SQLException;
    }

    /**
     * Watches a lock just taken on {@code session} (its only use): {@code owner} is what the run's
     * writer asks by, {@code name} what messages call the run.
     */
    public Held watch(String owner, String name, DataSource database, long key, Connection session,
            Confirmation confirmation) {
        Held held = new Held(owner, name, database, key, confirmation);
        held.session = session;
        held.backend = BackendIdentity.of(session);
        watched.put(owner, held);
        startThread();
        return held;
    }

    /** The lock watched under {@code owner}, if any. */
    public Optional<Held> watched(String owner) {
        return Optional.ofNullable(watched.get(owner));
    }

    /**
     * Returns at once while the owners' locks are held (and for owners whose runs hold none here);
     * waits while one is in doubt, at most the grace period and a little more.
     *
     * @throws LostLivenessException when one is lost (or stays in doubt): the run must not write
     */
    public void awaitWritable(List<String> owners) throws LostLivenessException, InterruptedException {
        for (String owner : owners) {
            Held held = watched.get(owner);
            if (held != null) {
                held.awaitDecided(grace.plus(trusted).plus(settle).plusSeconds(CHECK_TIMEOUT_SECONDS), trusted);
            }
        }
    }

    private synchronized void startThread() {
        if (thread != null) {
            return;
        }
        thread = new Thread(this::run, "audio-export-liveness-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (true) {
            try {
                Thread.sleep(interval.toMillis());
                checkNow();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The liveness watchdog's round failed; it tries again", e);
            }
        }
    }

    /** One round over every watched lock (the thread's work; tests call it directly). */
    void checkNow() throws InterruptedException {
        // Every lock lost (a database restart ends them all) is taken again first, then the round waits
        // out the settle once: a settle per lock kept the last of n free 5 (n - 1) s longer, past what a
        // judge on another node allows (noticeWithin). Each stays busy (not let go) until confirmed.
        Map<Held, Connection> unconfirmed = new LinkedHashMap<>();
        try {
            for (Held held : watched.values()) {
                held.busy.lock();
                Connection taken = null;
                try {
                    taken = check(held);
                } finally {
                    if (taken == null) {
                        held.busy.unlock();
                    } else {
                        unconfirmed.put(held, taken);
                    }
                }
            }
            if (!unconfirmed.isEmpty()) {
                // A judge on another node that found a lock free acts within moments: let it, then ask.
                Thread.sleep(settle.toMillis());
                unconfirmed.entrySet().removeIf(taken -> {
                    confirm(taken.getKey(), taken.getValue());
                    taken.getKey().busy.unlock();
                    return true;
                });
            }
        } finally {
            unconfirmed.forEach((held, session) -> {  // interrupted while settling: nothing confirmed
                DatabaseRunLock.releaseQuietly(session);
                held.busy.unlock();
            });
        }
    }

    /** One lock's check; a session on which its lock was taken again, still to be confirmed, if any. */
    private Connection check(Held held) {
        switch (held.state()) {
            case HELD -> {
                if (isAlive(held.session)) {
                    held.checked();
                    letGoIfEnded(held);
                    return null;
                }
                LOG.warning(() -> held.name + "'s liveness lock is lost: its database session ended. Its writes wait "
                        + "while the lock is taken again");
                held.doubt();
                closeQuietly(held.session);
                held.session = null;
                return retake(held);
            }
            case IN_DOUBT -> {
                return retake(held);
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * A lock whose run the job repository shows ended is let go, and its run may write no more.
     * JBeret ends an execution stopped while it waited for a batch thread without running its
     * listeners, so the lock its start path took (batch/ServerExecutionLock.started) would stay
     * held, on a connection out of the pool, for the JVM's life; likewise one that failed before
     * its listeners were made. A run that ends normally lets its lock go before JBeret saves its
     * end, so this finds none of those.
     */
    private void letGoIfEnded(Held held) {
        Optional<String> ended;
        try {
            ended = held.confirmation.judgedDead();
        } catch (SQLException e) {
            return;  // asked again next round
        }
        if (ended.isEmpty()) {
            return;
        }
        Connection session = held.session;
        held.session = null;
        String reason = held.name + " ended without letting its liveness lock go (" + ended.get() + "; stopped "
                + "while it waited for a batch thread, or failed before it ran); the lock is let go, and any "
                + "further write of it fails";
        held.decide(State.LOST, reason);
        DatabaseRunLock.releaseQuietly(session);
        LOG.warning(reason);
    }

    private static boolean isAlive(Connection session) {
        try {
            return session.isValid(CHECK_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Takes a lost lock again on a new session (to be confirmed after the settle), or decides it cannot. */
    private Connection retake(Held held) {
        try {
            return takeAgain(held);
        } catch (DatabaseRunLock.HeldElsewhere e) {
            held.lose(held.name + " stops: its liveness lock was lost and is now held by another process: another "
                    + "node took it for dead; this copy stops so that two never write. Restart it once no copy runs.");
            return null;
        } catch (SQLException e) {
            stillInDoubt(held, "the database did not answer", e);
            return null;
        }
    }

    /** After the settle: the run goes on with the lock taken again, unless another node took it for dead meanwhile. */
    private void confirm(Held held, Connection session) {
        Optional<String> judged;
        try {
            judged = held.confirmation.judgedDead();
        } catch (SQLException e) {
            DatabaseRunLock.releaseQuietly(session);  // unconfirmed: next round again
            stillInDoubt(held, "the job repository could not tell its status", e);
            return;
        }
        if (judged.isPresent()) {
            DatabaseRunLock.releaseQuietly(session);
            held.lose(held.name + " stops: its liveness lock was lost for a while and meanwhile another node took it "
                    + "for dead (" + judged.get() + "); this copy stops so that two never write.");
            return;
        }
        held.retaken(session);
        LOG.warning(() -> held.name + "'s liveness lock was lost (its database session ended) and is held again; "
                + "no other node took it for dead meanwhile, and it goes on");
    }

    /** Tries again next round, until the grace runs out: then the run stops writing for good. */
    private void stillInDoubt(Held held, String why, SQLException e) {
        if (held.doubtedFor().compareTo(grace) > 0) {
            held.lose(held.name + " stops: its liveness lock was lost and " + why + " for " + grace.toSeconds()
                    + " s (" + e.getMessage() + "): other nodes may take it for dead; this copy stops so that two "
                    + "never write. Restart it once no copy runs.");
        } else {
            LOG.warning(() -> held.name + "'s liveness lock cannot be taken again yet (" + why + "): " + e.getMessage());
        }
    }

    /**
     * Takes the lock again on a new session. When the session still holding it is this run's
     * own former one (the server has not noticed that the connection dropped), that session is
     * ended first: it serves no one.
     */
    private static Connection takeAgain(Held held) throws SQLException {
        try {
            return held.take();
        } catch (DatabaseRunLock.HeldElsewhere e) {
            if (held.backend == null || !held.backend.endIfHolding(held.database, held.key)) {
                throw e;
            }
            LOG.warning(() -> held.name + "'s former database session still held its lock (a dropped connection "
                    + "the server had not noticed); ended it");
            return held.take();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // a broken session: nothing to give back
        }
    }

    private static Duration seconds(String property, Duration fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            LOG.warning(() -> property + "=" + value + " is not a number of seconds; " + fallback.toSeconds() + " s");
            return fallback;
        }
    }

    enum State { HELD, IN_DOUBT, LOST, RELEASED }

    /** One lock this JVM holds as a run's liveness, and what the watchdog knows of it. */
    public final class Held {
        private final String owner;
        private final DataSource database;
        private final long key;
        private final ReentrantLock busy = new ReentrantLock();
        private volatile String name;
        private volatile Confirmation confirmation;
        private volatile Connection session;
        private volatile BackendIdentity backend;
        private State state = State.HELD;
        private long checkedAt = System.nanoTime();
        private long doubtSince;
        private String lostReason;

        private Held(String owner, String name, DataSource database, long key, Confirmation confirmation) {
            this.owner = owner;
            this.name = name;
            this.database = database;
            this.key = key;
            this.confirmation = confirmation;
        }

        /** Once the run is known by another name (a command line's execution id) and can be confirmed. */
        public void identify(String newName, Confirmation newConfirmation) {
            name = newName;
            confirmation = newConfirmation;
        }

        /** Lets the lock go (the run ended) and stops watching it. */
        public void release() throws SQLException {
            busy.lock();
            try {
                watched.remove(owner, this);
                Connection held = session;
                session = null;
                decide(State.RELEASED, null);
                if (held != null) {
                    DatabaseRunLock.release(held);
                }
            } finally {
                busy.unlock();
            }
        }

        synchronized State state() {
            return state;
        }

        /** Whether the lock is held as far as the watchdog knows: neither in doubt, lost nor let go. */
        public boolean isHeld() {
            return state() == State.HELD;
        }

        /** Why the lock is lost, if it is. */
        public synchronized Optional<String> lostReason() {
            return Optional.ofNullable(lostReason);
        }

        private Connection take() throws SQLException {
            Connection taken = DatabaseRunLock.take(database, key, name);
            backend = BackendIdentity.of(taken);
            return taken;
        }

        private synchronized void doubt() {
            state = State.IN_DOUBT;
            doubtSince = System.nanoTime();
        }

        private synchronized Duration doubtedFor() {
            return Duration.ofNanos(System.nanoTime() - doubtSince);
        }

        private void retaken(Connection newSession) {
            session = newSession;
            decide(State.HELD, null);
        }

        private synchronized void checked() {
            checkedAt = System.nanoTime();
            notifyAll();
        }

        private void lose(String reason) {
            LOG.severe(reason);
            decide(State.LOST, reason);
        }

        private synchronized void decide(State newState, String reason) {
            if (state == State.RELEASED) {
                return;
            }
            state = newState;
            lostReason = reason;
            checkedAt = System.nanoTime();
            notifyAll();
        }

        private synchronized void awaitDecided(Duration atMost, Duration trusted)
                throws LostLivenessException, InterruptedException {
            long deadline = System.nanoTime() + atMost.toNanos();
            while (state == State.IN_DOUBT || (state == State.HELD && System.nanoTime() - checkedAt > trusted.toNanos())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new LostLivenessException(name + " stops: its liveness lock could not be checked or taken "
                            + "again in time (the watchdog is behind or the database does not answer); this copy "
                            + "stops so that two never write.");
                }
                wait(Math.max(1, left / 1_000_000));
            }
            if (state == State.LOST) {
                throw new LostLivenessException(lostReason);
            }
        }
    }

    /**
     * A database session by its backend's pid and start time (a pid alone may be reused): after a
     * dropped connection the server may keep the old session, and its locks, until TCP tells it.
     */
    private record BackendIdentity(int pid, String started) {

        static BackendIdentity of(Connection session) {
            try (PreparedStatement query = session.prepareStatement(
                    "SELECT pid, backend_start::text FROM pg_stat_activity WHERE pid = pg_backend_pid()");
                    ResultSet row = query.executeQuery()) {
                return row.next() ? new BackendIdentity(row.getInt(1), row.getString(2)) : null;
            } catch (SQLException e) {
                return null;  // then a former session is never ended, only waited for
            }
        }

        /** Ends this session if it still holds the advisory lock {@code key}; whether it did. */
        boolean endIfHolding(DataSource database, long key) throws SQLException {
            try (Connection connection = database.getConnection();
                    PreparedStatement end = connection.prepareStatement("SELECT pg_terminate_backend(a.pid) "
                            + "FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid WHERE a.pid = ? "
                            + "AND a.backend_start::text = ? AND l.locktype = 'advisory' AND l.granted "
                            + "AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 1")) {
                end.setInt(1, pid);
                end.setString(2, started);
                end.setLong(3, key >>> 32);
                end.setLong(4, key & 0xFFFFFFFFL);
                try (ResultSet row = end.executeQuery()) {
                    if (!row.next() || !row.getBoolean(1)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
