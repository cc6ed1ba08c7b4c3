package dev.audioexport.cli;

import dev.audioexport.batch.ExportTotals;
import dev.audioexport.operations.ExportOperations;
import dev.audioexport.sink.TableName;
import dev.audioexport.source.Sources;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.StepExecution;
import jakarta.batch.runtime.Metric;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** What {@code status} prints: recent executions, or one in detail. */
final class StatusReport {

    private static final int RECENT = 20;

    private final ExportOperations operations;
    private final PrintStream out;

    StatusReport(ExportOperations operations, PrintStream out) {
        this.operations = operations;
        this.out = out;
    }

    void recent() throws IOException {
        List<JobExecution> executions = operations.newestExecutions(ExportOperations.JOB_NAMES);
        if (executions.isEmpty()) {
            out.println("No executions in this job repository.");
            return;
        }
        out.println(PlainText.left("EXECUTION", 10) + " " + PlainText.left("STATUS", 28) + " "
                + PlainText.left("STARTED", 20) + " OUTPUT");
        for (JobExecution e : executions.subList(0, Math.min(RECENT, executions.size()))) {
            out.println(PlainText.left(e.getExecutionId(), 10) + " " + PlainText.left(state(e), 28) + " "
                    + PlainText.left(time(e.getStartTime()), 20) + " " + output(e.getJobParameters()));
        }
    }

    void one(long executionId) throws IOException {
        JobExecution e = operations.execution(executionId);
        ExportTotals totals = operations.totals(executionId);
        out.println("Execution " + executionId + ": " + state(e));
        out.println("  exit status     " + e.getExitStatus());
        out.println("  started         " + time(e.getStartTime()));
        out.println("  ended           " + time(e.getEndTime()));
        boolean sync = e.getJobParameters().getProperty("projects") != null;
        if (!sync) {
            out.println("  source          " + Sources.redacted(e.getJobParameters().getProperty("source")));
        }
        printOutputs(out, e.getJobParameters());
        if (sync) {
            SyncSummary.print(out, e.getJobParameters(), executionsOfInstance(operations, executionId));
            return;
        }
        out.println("  lines read      " + PlainText.grouped(totals.linesRead()));
        out.println("  rows written    " + PlainText.grouped(totals.rowsWritten()));
        out.println("  lines rejected  " + PlainText.grouped(totals.linesRejected()));
        out.println("  unknown shapes  " + PlainText.grouped(totals.unknownShapes()));
        out.println("  export errors   " + PlainText.grouped(totals.exportErrors()));
        for (StepExecution step : operations.steps(executionId)) {
            StringBuilder metrics = new StringBuilder();
            for (Metric metric : step.getMetrics()) {
                metrics.append(' ').append(metric.getType().name().toLowerCase(Locale.ROOT)).append('=')
                        .append(metric.getValue());
            }
            out.println("  step " + step.getStepName() + " " + step.getBatchStatus() + metrics);
        }
    }

    /** Where the rows and the rejects go: the output directory, the CSV, the tables (in their database). */
    static void printOutputs(PrintStream out, Properties parameters) {
        String directory = parameters.getProperty("outputDir");
        if (directory != null && !directory.isBlank()) {
            out.println("  directory       " + directory + " (every table's CSV; manifest.json once complete)");
        }
        if (parameters.getProperty("csv") != null) {
            out.println("  csv             " + parameters.getProperty("csv"));
        }
        if (parameters.getProperty("jdbcUrl") != null) {
            out.println("  table           " + table(parameters) + " in " + parameters.getProperty("jdbcUrl"));
        }
        if (parameters.getProperty("projects") != null) {
            out.println("  projects        " + parameters.getProperty("projects") + (Boolean.parseBoolean(
                    parameters.getProperty("full")) ? " (--full)" : ""));
            out.println("  rejects         " + parameters.getProperty("rejectsDir") + " (<project>.rejects.jsonl)");
            return;
        }
        out.println("  rejects         " + parameters.getProperty("rejects"));
    }

    /** The ids of every execution of the job instance of {@code executionId} (a run and its restarts). */
    static java.util.Set<Long> executionsOfInstance(ExportOperations operations, long executionId) {
        var operator = operations.operator();
        return operator.getJobExecutions(operator.getJobInstance(executionId)).stream()
                .map(JobExecution::getExecutionId).collect(java.util.stream.Collectors.toSet());
    }

    private static String output(Properties parameters) {
        if (parameters.getProperty("projects") != null) {
            return "sync of " + parameters.getProperty("projects") + " into table " + table(parameters);
        }
        String csv = parameters.getProperty("csv");
        return csv != null ? csv : "table " + table(parameters);
    }

    private static String table(Properties parameters) {
        String table = parameters.getProperty("table");
        return table == null || table.isEmpty() ? TableName.DEFAULT : table;
    }

    private String state(JobExecution e) throws IOException {
        String status = e.getBatchStatus().name();
        return switch (e.getBatchStatus()) {
            case STARTING, STARTED, STOPPING -> switch (operations.liveness(e)) {
                case ALIVE -> status;
                case DEAD -> status + " (process died)";
                case UNKNOWN -> status + " (" + ExportOperations.where(e) + ")";
            };
            default -> status;
        };
    }

    private static String time(Date date) {
        return date == null ? "-" : PlainText.dateTime(date.toInstant());
    }
}
