package dev.audioexport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.audioexport.liveness.DatabaseRunLock;
import dev.audioexport.sink.TestDatabase;
import dev.audioexport.sink.UrlDataSource;
import jakarta.batch.runtime.BatchStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jberet.job.model.Job;
import org.jberet.repository.JdbcRepository;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.JobInstanceImpl;
import org.junit.jupiter.api.Test;

/**
 * A server's boot on a job repository that several nodes share (JBeret's JDBC repository on the
 * test PostgreSQL, in a schema of its own): an execution STARTED whose lock another live session
 * holds survives the boot; one whose lock is free becomes FAILED, and so does the first once its
 * node's session has gone. On an H2 (own) repository every execution from before the boot is dead.
 */
class StaleExecutionsTest {

    private static final String JOB = "audio-export-sync";

    @Test
    void onASharedRepositoryOnlyExecutionsWhoseLockIsFreeAreMarkedFailed() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            RepositorySchema shared = RepositorySchema.in(db);
            JdbcRepository repository = shared.open();
            long alive = started(repository);
            long dead = started(repository);
            UrlDataSource database = shared.dataSource();
            Connection otherNode = DatabaseRunLock.holdExecution(database, alive);
            Thread.sleep(5);
            long mine = started(repository);  // created when this server started: its own
            Instant serverStart = createTime(repository, mine);

            List<Long> marked = StaleExecutions.markFailed(Executions.of(repository), List.of(JOB), serverStart,
                    StaleExecutions.judge(Optional.of(database)));

            assertEquals(List.of(dead), marked);
            JdbcRepository fresh = shared.open();
            assertEquals(BatchStatus.STARTED, fresh.getJobExecution(alive).getBatchStatus());
            assertEquals(BatchStatus.FAILED, fresh.getJobExecution(dead).getBatchStatus());
            assertEquals(BatchStatus.STARTED, fresh.getJobExecution(mine).getBatchStatus());
            assertEquals(Boolean.TRUE, DatabaseRunLock.isExecutionHeld(database, alive), "the probe took nothing");

            otherNode.close();  // the other node dies: its session, and the lock, go
            awaitFree(database, alive);
            List<Long> later = StaleExecutions.markFailed(Executions.of(fresh), List.of(JOB), serverStart,
                    StaleExecutions.judge(Optional.of(database)));
            assertEquals(List.of(alive), later);
            assertEquals(BatchStatus.FAILED, shared.open().getJobExecution(alive).getBatchStatus());
        }
    }

    /**
     * A server's restart of a command-line sync: JBeret carries the original's parameters over, its
     * run token too, whose lock no one holds any more; the server's execution holds its id's lock.
     */
    @Test
    void aServersRestartOfACommandLineSyncIsJudgedByItsExecutionLockNotTheOldRunToken() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            RepositorySchema shared = RepositorySchema.in(db);
            JdbcRepository repository = shared.open();
            Properties carriedOver = new Properties();
            carriedOver.setProperty(DatabaseRunLock.TOKEN_PARAMETER, UUID.randomUUID().toString());
            carriedOver.setProperty("jdbcUrl", db.url());
            long restarted = started(repository, carriedOver);
            UrlDataSource database = shared.dataSource();
            Connection otherNode = DatabaseRunLock.holdExecution(database, restarted);
            try {
                List<Long> marked = StaleExecutions.markFailed(Executions.of(repository), List.of(JOB),
                        Instant.now().plusSeconds(1), StaleExecutions.judge(Optional.of(database)));
                assertEquals(List.of(), marked, "the node running it is alive");
                assertEquals(BatchStatus.STARTED,
                        shared.open().getJobExecution(restarted).getBatchStatus());
            } finally {
                otherNode.close();
            }
        }
    }

    @Test
    void onItsOwnRepositoryEveryExecutionFromBeforeTheBootIsDead() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            JdbcRepository repository = RepositorySchema.in(db).open();
            long held = started(repository);
            Connection lock = DatabaseRunLock.holdExecution(db.dataSource(), held);
            try {
                List<Long> marked = StaleExecutions.markFailed(Executions.of(repository), List.of(JOB),
                        Instant.now().plusSeconds(1), StaleExecutions.judge(Optional.empty()));
                assertEquals(List.of(held), marked, "no shared repository: today's behaviour, locks not asked");
            } finally {
                lock.close();
            }
        }
    }

    /** JBeret's JDBC repository in a schema of its own of the test PostgreSQL. */
    record RepositorySchema(String url) {

        static RepositorySchema in(TestDatabase db) throws SQLException {
            String schema = db.newTable().schema();
            db.execute("CREATE SCHEMA " + schema);
            RepositorySchema created = new RepositorySchema(db.url() + "&currentSchema=" + schema);
            created.open();  // JBeret creates its tables
            // Execution ids from a random base: their locks' keys are the whole database's, and another
            // test's servers on this PostgreSQL hold the locks of executions 1, 2, ... of their repository.
            db.execute("SELECT setval(pg_get_serial_sequence('" + schema + ".job_execution', 'jobexecutionid'), "
                    + ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE / 2) + ")");
            return created;
        }

        /** A repository over the schema, as a node opens it (a new one reads what the others wrote). */
        JdbcRepository open() {
            Properties settings = new Properties();
            settings.setProperty(JdbcRepository.DB_URL_KEY, url);
            return JdbcRepository.create(settings);
        }

        UrlDataSource dataSource() {
            return new UrlDataSource(url, null, null);
        }
    }

    private static long started(JdbcRepository repository) {
        return started(repository, new Properties());
    }

    private static long started(JdbcRepository repository, Properties parameters) {
        JobInstanceImpl instance = repository.createJobInstance(new Job(JOB), "it-" + UUID.randomUUID(),
                StaleExecutionsTest.class.getClassLoader());
        JobExecutionImpl execution = repository.createJobExecution(instance, parameters);
        execution.setBatchStatus(BatchStatus.STARTED);
        repository.updateJobExecution(execution, false, false);
        return execution.getExecutionId();
    }

    private static Instant createTime(JdbcRepository repository, long id) {
        return repository.getJobExecution(id).getCreateTime().toInstant();
    }

    /** PostgreSQL ends a closed session (and lets its locks go) a moment after the client's close returns. */
    static void awaitFree(UrlDataSource database, long executionId) throws InterruptedException {
        for (int i = 0; i < 100 && !Boolean.FALSE.equals(DatabaseRunLock.isExecutionHeld(database, executionId)); i++) {
            Thread.sleep(100);
        }
    }
}
