package dev.audioexport.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.liveness.DatabaseRunLock;
import dev.audioexport.sink.TestDatabase;
import dev.audioexport.sink.UrlDataSource;
import jakarta.batch.runtime.BatchStatus;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.jberet.job.model.Job;
import org.jberet.repository.JdbcRepository;
import org.jberet.runtime.JobExecutionImpl;
import org.jberet.runtime.JobInstanceImpl;
import org.junit.jupiter.api.Test;

/**
 * The periodic judge on a job repository several nodes share (JBeret's JDBC repository on the
 * test PostgreSQL, in a schema of its own): only an execution STARTED whose lock was free on two
 * probes a gap apart, not updated meanwhile, is marked FAILED; a queued (STARTING) one, one whose
 * lock is held, and one whose lock was taken again between the probes are left alone.
 */
class PeriodicJudgeTest {

    private static final String JOB = "audio-export-sync";
    private static final Duration GAP = Duration.ofSeconds(50);

    @Test
    void onlyAnExecutionWhoseLockWasFreeOnTwoProbesAGapApartIsMarkedFailed() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            StaleExecutionsTest.RepositorySchema shared = StaleExecutionsTest.RepositorySchema.in(db);
            JdbcRepository repository = shared.open();
            UrlDataSource database = shared.dataSource();
            long dead = created(repository, BatchStatus.STARTED);
            long alive = created(repository, BatchStatus.STARTED);
            long queued = created(repository, BatchStatus.STARTING);
            long retaken = created(repository, BatchStatus.STARTED);
            Connection aliveNode = DatabaseRunLock.holdExecution(database, alive);
            PeriodicJudge judge = new PeriodicJudge(GAP, database);
            Instant first = Instant.now().plus(GAP);  // their last updates are a gap old by then

            assertEquals(List.of(), round(judge, repository, database, first), "one probe is not enough");
            Connection watchdogRetook = DatabaseRunLock.holdExecution(database, retaken);
            assertEquals(List.of(), round(judge, repository, database, first.plus(GAP).minusSeconds(1)),
                    "the second probe came too soon");
            assertEquals(List.of(dead), round(judge, repository, database, first.plus(GAP)));

            JdbcRepository fresh = shared.open();
            assertEquals(BatchStatus.FAILED, fresh.getJobExecution(dead).getBatchStatus());
            assertEquals(BatchStatus.STARTED, fresh.getJobExecution(alive).getBatchStatus());
            assertEquals(BatchStatus.STARTING, fresh.getJobExecution(queued).getBatchStatus());
            assertEquals(BatchStatus.STARTED, fresh.getJobExecution(retaken).getBatchStatus());
            // what a watchdog that retakes the dead one's lock later reads in JBeret's own table
            assertEquals(Optional.empty(), DatabaseRunLock.repositoryStatus(database, alive).judgedDead());
            assertTrue(DatabaseRunLock.repositoryStatus(database, dead).judgedDead().orElseThrow()
                    .startsWith("the job repository shows it FAILED, FAILED: the node running it died"));
            aliveNode.close();
            watchdogRetook.close();
        }
    }

    /** Written between the probes (JBeret writes STARTED before the batch thread takes the lock): not judged yet. */
    @Test
    void anExecutionUpdatedBetweenTheProbesIsJudgedOnlyTwoLaterProbesAfter() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            StaleExecutionsTest.RepositorySchema shared = StaleExecutionsTest.RepositorySchema.in(db);
            JdbcRepository repository = shared.open();
            UrlDataSource database = shared.dataSource();
            long id = created(repository, BatchStatus.STARTED);
            PeriodicJudge judge = new PeriodicJudge(GAP, database);
            Instant first = Instant.now().plus(GAP.multipliedBy(2));

            assertEquals(List.of(), round(judge, repository, database, first));
            JobExecutionImpl execution = repository.getJobExecution(id);
            execution.setLastUpdatedTime(first.minus(GAP).toEpochMilli());
            repository.updateJobExecution(execution, false, false);
            assertEquals(List.of(), round(judge, repository, database, first.plus(GAP)), "updated meanwhile");
            assertEquals(List.of(id), round(judge, repository, database, first.plus(GAP.multipliedBy(2))));
        }
    }

    /**
     * JBeret's JDBC repository keeps the executions it has read and, for one not ended, returns the
     * copy it read first (it reads the row again but keeps its copy unless an end time appeared): a
     * node whose judge (or console) saw an execution queued (STARTING) saw it STARTING for good,
     * even once another node ran it (STARTED) and died. Judged by what the repository holds now.
     */
    @Test
    void anExecutionThisNodeSawQueuedIsJudgedOnceAnotherNodeRanItAndDied() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            StaleExecutionsTest.RepositorySchema shared = StaleExecutionsTest.RepositorySchema.in(db);
            JdbcRepository judgeNode = shared.open();
            JdbcRepository deadNode = shared.open();
            UrlDataSource database = shared.dataSource();
            long id = created(deadNode, BatchStatus.STARTING);
            PeriodicJudge judge = new PeriodicJudge(GAP, database);
            Instant first = Instant.now().plus(GAP);

            assertEquals(List.of(), round(judge, judgeNode, database, first), "queued: never judged");
            JobExecutionImpl running = deadNode.getJobExecution(id);  // its batch thread runs it, then the node dies
            running.setBatchStatus(BatchStatus.STARTED);
            running.setLastUpdatedTime(System.currentTimeMillis());
            deadNode.updateJobExecution(running, false, false);
            assertEquals(List.of(), round(judge, judgeNode, database, first.plus(GAP)), "one probe is not enough");
            assertEquals(List.of(id), round(judge, judgeNode, database, first.plus(GAP.multipliedBy(2))));
            assertEquals(BatchStatus.FAILED, shared.open().getJobExecution(id).getBatchStatus());
        }
    }

    private static List<Long> round(PeriodicJudge judge, JdbcRepository repository, UrlDataSource database,
            Instant now) {
        return judge.round(Executions.of(repository), List.of(JOB), StaleExecutions.judge(Optional.of(database)), now);
    }

    private static long created(JdbcRepository repository, BatchStatus status) {
        JobInstanceImpl instance = repository.createJobInstance(new Job(JOB), "it-" + UUID.randomUUID(),
                PeriodicJudgeTest.class.getClassLoader());
        JobExecutionImpl execution = repository.createJobExecution(instance, new Properties());
        execution.setBatchStatus(status);
        repository.updateJobExecution(execution, false, false);
        return execution.getExecutionId();
    }
}
