package dev.audioexport.server.api;

import dev.audioexport.batch.ExportTotals;
import dev.audioexport.batch.SyncOutcomes;
import dev.audioexport.batch.SyncProjects;
import dev.audioexport.confinement.ConfinementException;
import dev.audioexport.server.SyncJobParameters;
import dev.audioexport.sink.SqlDatabase;
import dev.audioexport.server.Executions;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.jberet.repository.JobRepository;
import org.jberet.runtime.PartitionExecutionImpl;
import org.jberet.runtime.StepExecutionImpl;

/**
 * The partitions of an execution's partitioned steps (see {@link ExportJobExecutions#partitions}),
 * one entry each: a sync runs one partition per project, and operators need to see which one
 * failed, and what each did (full or incremental, rows written, watermark before and after).
 * JBeret's REST API shows step executions only. Empty for a step without partitions.
 */
final class ExecutionPartitions {

    private static final Logger LOG = Logger.getLogger(ExecutionPartitions.class.getName());

    private ExecutionPartitions() {
    }

    static JsonArray of(JobOperator operator, long executionId) {
        Map<Integer, JsonObjectBuilder> projects = syncProjects(operator, executionId);
        JobRepository repository = Executions.repositoryOf(operator);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        JsonArrayBuilder partitions = Json.createArrayBuilder();
        for (StepExecution step : operator.getStepExecutions(executionId)) {
            if (!(step instanceof StepExecutionImpl impl)) {
                continue;
            }
            boolean notCompletedOnly = false; // JBeret's restart asks for the unfinished ones only; operators see all
            repository.getPartitionExecutions(impl.getStepExecutionId(), impl, notCompletedOnly, loader).stream()
                    .sorted(Comparator.comparingInt(PartitionExecutionImpl::getPartitionId))
                    .forEach(partition -> partitions.add(entry(step.getStepName(), partition)
                            .addAll(projects.getOrDefault(partition.getPartitionId(), Json.createObjectBuilder()))));
        }
        return partitions.build();
    }

    /**
     * A sync's partitions by index (the list's order): the project, and once one of the sync's
     * executions completed it, what it did ({@code mode}, {@code rowsWritten} of the project,
     * {@code watermarkBefore}, {@code watermark}), read from the watermarks table.
     */
    private static Map<Integer, JsonObjectBuilder> syncProjects(JobOperator operator, long executionId) {
        Map<Integer, JsonObjectBuilder> projects = new HashMap<>();
        JobExecution execution = operator.getJobExecution(executionId);
        if (!SyncJobParameters.JOB_NAME.equals(execution.getJobName())) {
            return projects;
        }
        Properties parameters = execution.getJobParameters();
        List<String> ids;
        try {
            ids = SyncProjects.parse(parameters.getProperty("projects"));
        } catch (RuntimeException e) {
            return projects;  // its list file is gone or changed: the partitions are still shown, unnamed
        }
        Set<Long> executions = operator.getJobExecutions(operator.getJobInstance(executionId)).stream()
                .map(JobExecution::getExecutionId).collect(Collectors.toSet());
        Map<String, Optional<SyncOutcomes.Outcome>> outcomes;
        try {
            outcomes = SyncOutcomes.read(ids, parameters, executions);
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Cannot read the sync's watermarks: " + SqlDatabase.errorOf(e), e);
            outcomes = Map.of();
        } catch (ConfinementException e) {
            LOG.warning(() -> "The sync's watermarks are not read: " + e.getMessage());
            outcomes = Map.of();
        }
        for (int index = 0; index < ids.size(); index++) {
            JsonObjectBuilder project = Json.createObjectBuilder().add("project", ids.get(index));
            outcomes.getOrDefault(ids.get(index), Optional.empty()).ifPresent(outcome -> {
                project.add("mode", outcome.mode()).add("projectRowsWritten", outcome.rowsWritten())
                        .add("watermark", outcome.watermark());
                if (outcome.previousWatermark() == null) {
                    project.addNull("watermarkBefore");
                } else {
                    project.add("watermarkBefore", outcome.previousWatermark());
                }
            });
            projects.put(index, project);
        }
        return projects;
    }

    private static JsonObjectBuilder entry(String stepName, PartitionExecutionImpl partition) {
        JsonObjectBuilder metrics = Json.createObjectBuilder();
        for (Metric metric : partition.getMetrics()) {
            metrics.add(metric.getType().name(), metric.getValue());
        }
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("stepName", stepName)
                .add("partition", partition.getPartitionId())
                .add("batchStatus", String.valueOf(partition.getBatchStatus()))
                .add("exitStatus", partition.getExitStatus() == null ? "" : partition.getExitStatus())
                .add("metrics", metrics);
        if (partition.getPersistentUserData() instanceof ExportTotals totals) {
            json.add("linesRead", totals.linesRead()).add("rowsWritten", totals.rowsWritten())
                    .add("linesRejected", totals.linesRejected());
        }
        return json;
    }
}
