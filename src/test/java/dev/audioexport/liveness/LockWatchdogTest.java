package dev.audioexport.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.batch.EmbeddedJobs;
import dev.audioexport.batch.TestExports;
import dev.audioexport.sink.TestDatabase;
import dev.audioexport.sink.UrlDataSource;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The liveness watchdog on the real PostgreSQL: a lock whose session is ended from another
 * connection ({@code pg_terminate_backend}) is held again by the watchdog's own thread; one that
 * another session took meanwhile, or whose run another node failed meanwhile, stops the run's
 * writes with a message naming it; a real job's next chunk then fails with that message.
 */
class LockWatchdogTest {

    /** Generous: the watchdog checks every second here; a loaded machine may still be slow. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A thread that never checks by itself: the tests check when they mean to. */
    private static final Duration NEVER = Duration.ofDays(1);

    @TempDir
    Path dir;

    @Test
    void aLockWhoseSessionIsTerminatedIsHeldAgainByTheWatchdogsThread() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            LockWatchdog watchdog = new LockWatchdog(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMillis(200));
            long id;
            try (Watched run = Watched.by(watchdog, db, db.dataSource(), session -> session, LockWatchdog.Confirmation.NONE)) {
                id = run.id();
                int firstBackend = backendPid(run.session());
                terminate(db, firstBackend);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (ExecutionLocks.heldBy(db, id) == null || ExecutionLocks.heldBy(db, id) == firstBackend) {
                    assertTrue(System.nanoTime() < deadline, "the lock was not taken again within " + WAIT);
                    Thread.sleep(200);
                }
                assertNotEquals(firstBackend, ExecutionLocks.heldBy(db, id), "held again, on a new session");
                watchdog.awaitWritable(run.owner());  // the run goes on
                assertEquals(Optional.empty(), run.held().lostReason());
            }
            assertEquals(null, ExecutionLocks.heldBy(db, id), "released: the lock went with its end");
        }
    }

    /**
     * A database restart ends every lock's session at once: one round takes them all again before
     * it waits out the settle, once. Before, each lock's retake waited its own settle (5 s) before
     * the next lock was taken, so the n-th stayed free 5 (n - 1) s longer: on a node with ten
     * executions (and the queued ones, which hold locks too) longer than a periodic judge on
     * another node needs to take a live execution for dead (two free probes 60 s apart).
     */
    @Test
    void aRoundTakesEveryLostLockAgainBeforeItWaitsOutTheSettleOnce() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            LockWatchdog watchdog = new LockWatchdog(NEVER, Duration.ofSeconds(60), Duration.ofSeconds(5));
            try (Watched one = Watched.by(watchdog, db, db.dataSource(), session -> session, LockWatchdog.Confirmation.NONE);
                    Watched other = Watched.by(watchdog, db, db.dataSource(), session -> session,
                            LockWatchdog.Confirmation.NONE)) {
                for (Watched run : List.of(one, other)) {
                    int first = backendPid(run.session());
                    terminate(db, first);
                    awaitNotHeldBy(db, run.id(), first);
                }
                Thread round = new Thread(() -> {
                    try {
                        watchdog.checkNow();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                round.start();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (ExecutionLocks.heldBy(db, one.id()) == null || ExecutionLocks.heldBy(db, other.id()) == null) {
                    assertTrue(System.nanoTime() < deadline, "the locks were not taken again within " + WAIT);
                    Thread.sleep(20);
                }
                boolean bothStillSettling = !one.held().isHeld() && !other.held().isHeld();
                round.join();

                assertTrue(bothStillSettling, "both locks taken again before either was confirmed");
                assertTrue(one.held().isHeld() && other.held().isHeld(), "then both confirmed");
            }
        }
    }

    @Test
    void aLockAnotherSessionTookMeanwhileStopsTheRunsWritesNamingItAndWhy() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            LockWatchdog watchdog = new LockWatchdog(NEVER, Duration.ofSeconds(60), Duration.ofMillis(200));
            try (Watched run = Watched.by(watchdog, db, db.dataSource(), session -> session, LockWatchdog.Confirmation.NONE);
                    Connection otherNode = db.dataSource().getConnection()) {
                terminate(db, backendPid(run.session()));
                lock(otherNode, DatabaseRunLock.executionKey(run.id()));  // waits for the terminated session's end

                String lost = lostAfterARound(watchdog, run);

                assertTrue(lost.startsWith("Execution " + run.id() + " stops: its liveness lock was lost and is now "
                        + "held by another process: another node took it for dead; this copy stops so that two never "
                        + "write"), lost);
            }
        }
    }

    @Test
    void aLockRetakenAfterAnotherNodeFailedTheExecutionStopsItsWritesAndIsLetGo() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            LockWatchdog watchdog = new LockWatchdog(NEVER, Duration.ofSeconds(60), Duration.ofMillis(200));
            try (Watched run = Watched.by(watchdog, db, db.dataSource(), session -> session,
                    () -> Optional.of("the job repository shows it FAILED"))) {
                int first = backendPid(run.session());
                terminate(db, first);
                awaitNotHeldBy(db, run.id(), first);

                String lost = lostAfterARound(watchdog, run);

                assertTrue(lost.contains("another node took it for dead (the job repository shows it FAILED); this "
                        + "copy stops so that two never write"), lost);
                assertEquals(null, ExecutionLocks.heldBy(db, run.id()), "a run taken for dead does not keep its lock");
            }
        }
    }

    @Test
    void aLockWhoseDatabaseStaysUnreachablePastTheGraceStopsTheRunsWrites() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            LockWatchdog watchdog = new LockWatchdog(NEVER, Duration.ZERO, Duration.ofMillis(200));
            DataSource unreachable = new UrlDataSource("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", null, null);
            try (Watched run = Watched.by(watchdog, db, unreachable, session -> session, LockWatchdog.Confirmation.NONE)) {
                terminate(db, backendPid(run.session()));

                String lost = lostAfterARound(watchdog, run);

                assertTrue(lost.startsWith("Execution " + run.id() + " stops: its liveness lock was lost and the "
                        + "database did not answer for 0 s"), lost);
            }
        }
    }

    /**
     * A dropped connection that PostgreSQL has not noticed: the client finds its session dead, the
     * server still keeps it, and its lock. The watchdog ends that former session of its own and retakes.
     */
    @Test
    void aFormerSessionTheServerStillKeepsIsEndedAndTheLockRetaken() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            LockWatchdog watchdog = new LockWatchdog(NEVER, Duration.ofSeconds(60), Duration.ofMillis(200));
            try (Watched run = Watched.by(watchdog, db, db.dataSource(), LockWatchdogTest::halfOpen,
                    LockWatchdog.Confirmation.NONE)) {
                int former = backendPid(run.session());

                watchdog.checkNow();

                watchdog.awaitWritable(run.owner());
                Integer holder = ExecutionLocks.heldBy(db, run.id());
                assertTrue(holder != null && holder != former, "held again on a new session, not " + holder);
                assertTrue(!run.session().isValid(5), "the former session was ended");
            }
        }
    }

    /**
     * A real job (the embedded runtime) whose execution's lock (a server's) was lost to another
     * process: its first chunk fails, and the execution's exit status says why.
     */
    @Test
    void aJobWhoseExecutionLockIsLostFailsItsNextChunkWithTheReason() throws Exception {
        EmbeddedJobs jobs = new EmbeddedJobs(dir.resolve("state"));
        JobExecution run = withALostLock(LockWatchdog.executionOwner(1), "Execution 1",  // a fresh repository's first
                () -> jobs.run("audio-export", exportParameters()));
        assertEquals(1, run.getExecutionId());
        assertFailedBeforeItsFirstChunk(run, "Execution 1");
    }

    /** A command-line run's lock is its run token's: the job XML hands the job parameter runToken to the writer. */
    @Test
    void aJobWhoseRunTokenLockIsLostFailsItsNextChunkWithTheReason() throws Exception {
        EmbeddedJobs jobs = new EmbeddedJobs(dir.resolve("state"));
        String token = UUID.randomUUID().toString();
        JobExecution run = withALostLock(LockWatchdog.runOwner(token), "Run " + token, () -> {
            Properties parameters = exportParameters();
            parameters.setProperty(DatabaseRunLock.TOKEN_PARAMETER, token);
            long id = jobs.operations.operator().start("audio-export", parameters);
            jobs.operations.awaitEnd(id);
            return jobs.operations.execution(id);
        });
        assertFailedBeforeItsFirstChunk(run, "Run " + token);
    }

    /** Runs the job while a lock watched under {@code owner} is lost to another session. */
    private static JobExecution withALostLock(String owner, String name, Callable<JobExecution> job) throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            long key = DatabaseRunLock.executionKey(randomId());  // no real execution's: another test's server may run one
            Connection session = DatabaseRunLock.take(db.dataSource(), key, name);
            LockWatchdog.Held held = LockWatchdog.jvm().watch(owner, name, db.dataSource(), key, session,
                    LockWatchdog.Confirmation.NONE);
            try (Connection otherNode = db.dataSource().getConnection()) {
                terminate(db, backendPid(session));
                lock(otherNode, key);
                LockWatchdog.jvm().checkNow();
                return job.call();
            } finally {
                held.release();
            }
        }
    }

    private Properties exportParameters() throws IOException {
        return EmbeddedJobs.parameters(TestExports.write(dir.resolve("export.ndjson"), 20), dir.resolve("out.csv"), 5);
    }

    private void assertFailedBeforeItsFirstChunk(JobExecution run, String name) throws IOException {
        assertEquals(BatchStatus.FAILED, run.getBatchStatus());
        assertTrue(run.getExitStatus().contains(name + " stops: its liveness lock was lost and is now held by another "
                + "process"), run.getExitStatus());
        Path csv = dir.resolve("out.csv");
        assertTrue(!Files.exists(csv) || Files.readAllLines(csv).size() <= 1,
                "its first chunk wrote nothing (a header at most)");
    }

    /** An execution's lock taken on the test database and watched as {@code asClientSees} shows its session. */
    private record Watched(long id, Connection session, LockWatchdog.Held held) implements AutoCloseable {

        static Watched by(LockWatchdog watchdog, TestDatabase db, DataSource retakeFrom,
                UnaryOperator<Connection> asClientSees, LockWatchdog.Confirmation confirmation) throws SQLException {
            long id = randomId();
            Connection session = DatabaseRunLock.holdExecution(db.dataSource(), id);
            return new Watched(id, session, watchdog.watch("execution " + id, "Execution " + id, retakeFrom,
                    DatabaseRunLock.executionKey(id), asClientSees.apply(session), confirmation));
        }

        List<String> owner() {
            return List.of("execution " + id);
        }

        @Override
        public void close() throws SQLException {
            held.release();
            session.close();
        }
    }

    /** The watchdog's round, then why the run may not write. */
    private static String lostAfterARound(LockWatchdog watchdog, Watched run) throws InterruptedException {
        watchdog.checkNow();
        return assertThrows(LostLivenessException.class, () -> watchdog.awaitWritable(run.owner())).getMessage();
    }

    private static long randomId() {
        return ThreadLocalRandom.current().nextLong(2, Long.MAX_VALUE / 2);
    }

    private static int backendPid(Connection session) throws SQLException {
        try (PreparedStatement query = session.prepareStatement("SELECT pg_backend_pid()");
                ResultSet row = query.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    private static void terminate(TestDatabase db, int pid) throws SQLException {
        db.execute("SELECT pg_terminate_backend(" + pid + ")");
    }

    private static void lock(Connection session, long key) throws SQLException {
        try (PreparedStatement lock = session.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, key);
            lock.execute();
        }
    }

    private static void awaitNotHeldBy(TestDatabase db, long id, int pid) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (Integer.valueOf(pid).equals(ExecutionLocks.heldBy(db, id))) {
            assertTrue(System.nanoTime() < deadline, "the terminated session kept its lock");
            Thread.sleep(50);
        }
    }

    /** The session as a client sees it after a dropped connection: invalid, and closing it reaches no one. */
    private static Connection halfOpen(Connection session) {
        return (Connection) Proxy.newProxyInstance(LockWatchdogTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isValid" -> false;
                    case "close" -> null;
                    default -> method.invoke(session, args);
                });
    }
}
