package dev.audioexport.batch;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.JobExecution;
import jakarta.batch.runtime.StepExecution;
import java.io.Serializable;
import java.util.Comparator;

/**
 * Running totals of an export across all its executions, saved with every checkpoint (as the
 * step's persistent user data) so that the summary after a restart covers the whole export.
 *
 * @param exportErrors lines of the export's own ERRORS stream (Labelbox), written to the export-errors file
 */
public record ExportTotals(long linesRead, long rowsWritten, long linesRejected, long unknownShapes,
        long exportErrors) implements Serializable {

    public static final ExportTotals NONE = new ExportTotals(0, 0, 0, 0, 0);

    /**
     * The totals saved with an execution's last checkpoint. A stop (SIGTERM) that comes after
     * the step completed but before the job ended leaves the execution STOPPED; its restart
     * does not run a completed step again, so it has no step of its own: its totals are then
     * those of the newest earlier execution of its instance that ran the step.
     */
    public static ExportTotals saved(JobOperator operator, long executionId) {
        return operator.getJobExecutions(operator.getJobInstance(executionId)).stream()
                .map(JobExecution::getExecutionId)
                .filter(id -> id <= executionId)
                .sorted(Comparator.reverseOrder())
                .map(operator::getStepExecutions)
                .filter(steps -> !steps.isEmpty())
                .findFirst()
                .flatMap(steps -> steps.stream()
                        .map(StepExecution::getPersistentUserData)
                        .filter(ExportTotals.class::isInstance)
                        .map(ExportTotals.class::cast)
                        .findFirst())
                .orElse(NONE);
    }

    /** Totals of a source without an ERRORS stream. */
    public ExportTotals(long linesRead, long rowsWritten, long linesRejected, long unknownShapes) {
        this(linesRead, rowsWritten, linesRejected, unknownShapes, 0);
    }
}
