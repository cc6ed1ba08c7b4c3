package dev.audioexport.batch;

import dev.audioexport.sink.ProjectSync;
import dev.audioexport.sink.TableName;
import dev.audioexport.sink.UrlDataSource;
import dev.audioexport.source.SourceException;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.partition.PartitionMapper;
import jakarta.batch.api.partition.PartitionPlan;
import jakarta.batch.api.partition.PartitionPlanImpl;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Properties;

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

    @Override
    public PartitionPlan mapPartitions() throws Exception {
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
}
