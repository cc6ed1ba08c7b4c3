package dev.audioexport.server.api;

import dev.audioexport.batch.ExportTotals;
import dev.audioexport.server.Executions;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.Metric;
import jakarta.batch.runtime.StepExecution;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.Comparator;
import org.jberet.repository.JobRepository;
import org.jberet.runtime.PartitionExecutionImpl;
import org.jberet.runtime.StepExecutionImpl;

/**
 * The partitions of an execution's partitioned steps (see {@link ExportJobExecutions#partitions}),
 * one entry each: a sync runs one partition per project, and operators need to see which one
 * failed. JBeret's REST API shows step executions only. Empty for a step without partitions.
 */
final class ExecutionPartitions {

    private ExecutionPartitions() {
    }

    static JsonArray of(JobOperator operator, long executionId) {
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
                    .forEach(partition -> partitions.add(entry(step.getStepName(), partition)));
        }
        return partitions.build();
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
