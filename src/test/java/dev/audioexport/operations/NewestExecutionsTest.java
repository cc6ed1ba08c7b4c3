package dev.audioexport.operations;

import static dev.audioexport.batch.EmbeddedJobs.parameters;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.audioexport.batch.EmbeddedJobs;
import dev.audioexport.batch.TestExports;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code status} and {@code restart --last} list, read by one query: the newest execution of
 * each job instance (a restart replaces the run it continued), newest first, as JBeret has them.
 */
class NewestExecutionsTest {

    @TempDir
    Path dir;

    @Test
    void theNewestExecutionOfEachInstanceNewestFirstAsJBeretHasThem() throws Exception {
        EmbeddedJobs jobs = new EmbeddedJobs(dir.resolve("state"));
        Path source = TestExports.write(dir.resolve("export.ndjson"), 12, 4);
        JobExecution first = jobs.run("audio-export", parameters(source, dir.resolve("first.csv"), 5));
        JobExecution failed = jobs.run("audio-export", parameters(source, dir.resolve("second.csv"), 5,
                "skipLimit", "0"));
        Properties moreSkips = new Properties();
        moreSkips.setProperty("skipLimit", "10");
        JobExecution restarted = jobs.restart(failed.getExecutionId(), moreSkips);
        JobExecution failsAgain = jobs.run("audio-export", parameters(source, dir.resolve("third.csv"), 5,
                "skipLimit", "0"));
        assertEquals(List.of(BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.COMPLETED, BatchStatus.FAILED),
                List.of(first.getBatchStatus(), failed.getBatchStatus(), restarted.getBatchStatus(),
                        failsAgain.getBatchStatus()));

        List<JobExecution> newest = new NewestExecutions(RepositoryConfig.of("jdbc:h2:file:" + dir.resolve("state")
                .resolve("repository"))).of("audio-export", 200).orElseThrow(() -> new AssertionError("the query failed"));
        assertEquals(newest.stream().map(JobExecution::getExecutionId).toList(),
                jobs.operations.newestExecutions("audio-export").stream().map(JobExecution::getExecutionId).toList());

        assertEquals(List.of(failsAgain.getExecutionId(), restarted.getExecutionId(), first.getExecutionId()),
                newest.stream().map(JobExecution::getExecutionId).toList());
        // as another process (status) reads them through JBeret: from the repository, not this JVM's cache
        ExportOperations another = new EmbeddedJobs(dir.resolve("state")).operations;
        for (JobExecution listed : newest) {
            JobExecution jberet = another.execution(listed.getExecutionId());
            assertEquals(jberet.getBatchStatus(), listed.getBatchStatus());
            assertEquals(jberet.getExitStatus(), listed.getExitStatus());
            assertEquals(jberet.getStartTime(), listed.getStartTime());
            assertEquals(jberet.getEndTime(), listed.getEndTime());
            assertEquals(jberet.getJobParameters(), listed.getJobParameters());
            assertEquals("audio-export", listed.getJobName());
        }
        assertEquals(failsAgain.getExecutionId(), jobs.operations.lastUnfinished("audio-export").orElseThrow()
                .getExecutionId());
        assertEquals(List.of(), jobs.operations.newestExecutions("audio-export-sync"));
    }

    @Test
    void onlyTheNewestInstancesAreRead() throws Exception {
        EmbeddedJobs jobs = new EmbeddedJobs(dir.resolve("state"));
        Path source = TestExports.write(dir.resolve("export.ndjson"), 3);
        List<Long> ids = new java.util.ArrayList<>();
        for (int run = 0; run < 3; run++) {
            ids.add(jobs.run("audio-export", parameters(source, dir.resolve(run + ".csv"), 5)).getExecutionId());
        }

        List<JobExecution> newest = new NewestExecutions(RepositoryConfig.of("jdbc:h2:file:" + dir.resolve("state")
                .resolve("repository"))).of("audio-export", 2).orElseThrow();

        assertEquals(List.of(ids.get(2), ids.get(1)), newest.stream().map(JobExecution::getExecutionId).toList());
    }

    @Test
    void aRepositoryWithoutTablesYetHasNoExecutions() {
        EmbeddedJobs jobs = new EmbeddedJobs(dir.resolve("fresh"));

        assertEquals(List.of(), jobs.operations.newestExecutions("audio-export"));
        assertEquals(List.of(), jobs.operations.newestExecutions(ExportOperations.JOB_NAMES));
    }
}
