package dev.audioexport.server.api;

import dev.audioexport.batch.ExportStepListener;
import dev.audioexport.batch.ExportTotals;
import dev.audioexport.batch.RunProgress;
import dev.audioexport.sink.OutputDirectory;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.JobExecution;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Properties;

/** The progress document of one execution (see {@link ExportJobExecutions#progress}). */
final class ExecutionProgress {

    /** The job XML's default skipLimit (jobs/audio-export.xml). */
    private static final String DEFAULT_SKIP_LIMIT = "1000";

    private ExecutionProgress() {
    }

    static JsonObject of(JobOperator operator, long executionId) {
        JobExecution execution = operator.getJobExecution(executionId);
        ExportTotals saved = ExportTotals.saved(operator, executionId);
        RunProgress live = RunProgress.of(executionId);
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("executionId", executionId)
                .add("jobName", execution.getJobName())
                .add("batchStatus", execution.getBatchStatus().name())
                .add("running", live != null)
                .add("linesRead", live != null ? live.linesRead() : saved.linesRead())
                .add("rowsWritten", live != null ? live.rowsWritten() : saved.rowsWritten())
                .add("linesRejected", saved.linesRejected())
                .add("unknownShapes", saved.unknownShapes())
                .add("exportErrors", saved.exportErrors())
                .add("exceededSkipLimit", ExportStepListener.exceededSkipLimit(execution.getExitStatus()));
        if (live != null && live.sourceSize() >= 0) {
            json.add("bytesRead", live.bytesConsumed()).add("sourceBytes", live.sourceSize())
                    .add("percent", Math.round(live.percent() * 10) / 10.0);
        }
        Properties parameters = execution.getJobParameters() == null ? new Properties() : execution.getJobParameters();
        json.add("skipLimit", parameters.getProperty("skipLimit", DEFAULT_SKIP_LIMIT));
        String csv = parameters.getProperty("csv", "");
        String rejects = rejectsParameter(parameters);
        if (!csv.isEmpty()) {
            json.add("csv", outputFile("csv", csv));
        }
        if (!rejects.isEmpty()) {
            json.add("rejects", outputFile("rejects", rejects));
        }
        return json.build();
    }

    /** The rejects file a run writes, as its parameters name it (empty when they name none). */
    static String rejectsParameter(Properties parameters) {
        String csv = parameters.getProperty("csv", "");
        String rejects = parameters.getProperty("rejects", "");
        return rejects.isEmpty() && !csv.isEmpty() ? csv + ".rejects.jsonl" : rejects; // the job XML's default
    }

    private static String outputFile(String parameter, String value) {
        try {
            return OutputDirectory.path(parameter, value).toString();
        } catch (RuntimeException e) {
            return value;
        }
    }
}
