package dev.audioexport.batch;

import dev.audioexport.confinement.ServerPolicy;
import dev.audioexport.sink.OutputDirectory;
import dev.audioexport.sink.ProjectSync;
import dev.audioexport.sink.TableName;
import dev.audioexport.sink.UrlDataSource;
import dev.audioexport.source.SourceException;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Properties;
import org.jberet.runtime.context.JobContextImpl;

/**
 * Creates or migrates the tables, then gives one partition per project of a sync, in the list's order, each reading {@code labelbox:<project>}.
 * JBeret runs the mapper again on a restart and gives each partition left to run the properties
 * at its old index, so the same list must give the same partitions: a list file changed since
 * the run started (its digest differs) is refused rather than syncing projects under the wrong
 * checkpoints.
 */
@Named
@Dependent
public class SyncPartitions implements PartitionMapper {

    @Inject
    @BatchProperty
    String projects;

    /** SHA-256 of the list when the sync started. */
    @Inject
    @BatchProperty
    String projectsDigest;

    @Inject
    @BatchProperty
    String threads;

    @Inject
    @BatchProperty
    String jdbcUrl;

    @Inject
    @BatchProperty
    String table;

    /** The rejects directory: in a server, required and under the output directory. */
    @Inject
    @BatchProperty
    String rejectsDir;

    @Inject
    JobContext job;

    @Override
    public PartitionPlan mapPartitions() throws Exception {
        try {
            return plan();
        } catch (Exception e) {
            // No partition ran: the job's exit status says why (else it would say only FAILED).
            job.setExitStatus(FailedExitStatus.of(e.getMessage() == null ? e.toString() : e.getMessage()));
            throw e;
        }
    }

    private PartitionPlan plan() throws Exception {
        checkServerPolicy();
        List<String> ids = SyncProjects.parse(projects);
        ProjectSync.prepareTables(UrlDataSource.fromEnvironment(jdbcUrl), TableName.parse(table));
        if (projectsDigest != null && !projectsDigest.isBlank() && !projectsDigest.equals(SyncProjects.digest(ids))) {
            throw new SourceException("The project list " + projects + " changed since this sync started; a restart "
                    + "needs the same list in the same order. Restore it, or start a new sync.");
        }
        Properties[] partitions = new Properties[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            partitions[i] = new Properties();
            partitions[i].setProperty("project", ids.get(i));
            partitions[i].setProperty("source", "labelbox:" + ids.get(i));
        }
        PartitionPlanImpl plan = new PartitionPlanImpl();
        plan.setPartitions(ids.size());
        plan.setThreads(Math.min(ids.size(), threads == null || threads.isBlank() ? 2 : Integer.parseInt(threads.strip())));
        plan.setPartitionProperties(partitions);
        return plan;
    }

    /**
     * In a server, before anything is opened: however the sync was started (the operator API
     * checks the same; management start-job does not), no parameter holds an expression, the
     * database is one the server lists, and each project's rejects go under the output directory.
     */
    private void checkServerPolicy() {
        ServerPolicy policy = ServerPolicy.configured();
        if (!policy.isConfined()) {
            return;
        }
        policy.checkParameters(job instanceof JobContextImpl jberet ? jberet.getJobParameters()
                : BatchRuntime.getJobOperator().getParameters(job.getExecutionId()));
        policy.checkTableUrl(jdbcUrl == null ? "" : jdbcUrl);
        if (rejectsDir == null || rejectsDir.isBlank()) {
            throw new SourceException("Job parameter 'rejectsDir' is required in a server: a directory under its "
                    + "output directory for each project's rejects, e.g. '" + TableName.parse(table).qualified()
                    + ".sync' (the operator API gives that by default).");
        }
        OutputDirectory.path("rejectsDir", rejectsDir);
    }
}
