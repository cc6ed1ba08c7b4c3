package dev.audioexport.batch;

import dev.audioexport.confinement.ServerPolicy;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.listener.AbstractStepListener;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jberet.runtime.context.JobContextImpl;

/**
 * Turns a step failure into one clear exit status (saved in the job repository, so the command
 * line of another process can show it) and ends the execution's live progress.
 */
@Named
@Dependent
public class ExportStepListener extends AbstractStepListener {

    private static final Logger LOG = Logger.getLogger(ExportStepListener.class.getName());
    private static final String SKIP_LIMIT_EXCEEDED = " rejected, more than the skip limit of ";

    @Inject
    @BatchProperty
    String skipLimit;

    @Inject
    @BatchProperty
    String rejects;

    @Inject
    JobContext job;

    @Inject
    StepContext step;

    @Override
    public void beforeStep() {
        // Before any artifact uses (or a message shows) a value the runtime resolved: however the
        // job was started (operator API, management start-job or restart-job), in a server an
        // expression in a parameter's value must not reach the server's system properties.
        ServerPolicy policy = ServerPolicy.configured();
        if (policy.isConfined()) {
            policy.checkParameters(givenParameters());
        }
        try {
            StepOutputs.of(step).skipLimit = Long.parseLong(skipLimit.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("job parameter skipLimit: '" + skipLimit + "' is not a whole number", e);
        }
    }

    /** The job parameters as given, before the runtime resolved expressions in them. */
    private Properties givenParameters() {
        return job instanceof JobContextImpl jberet ? jberet.getJobParameters()
                : BatchRuntime.getJobOperator().getParameters(job.getExecutionId());
    }

    @Override
    public void afterStep() {
        RunProgress.finish(job.getExecutionId());
        Exception failure = step.getException();
        if (failure == null || step.getBatchStatus() == BatchStatus.STOPPING) {
            return;
        }
        String reason = reason(failure);
        LOG.log(Level.SEVERE, "Export step failed: " + reason, failure);
        step.setExitStatus(FailedExitStatus.of(reason));
        job.setExitStatus(FailedExitStatus.of(reason));
    }

    /** Whether a run's exit status says it failed on its skip limit (a restart then needs a higher one). */
    public static boolean exceededSkipLimit(String exitStatus) {
        return exitStatus != null && exitStatus.contains(SKIP_LIMIT_EXCEEDED);
    }

    private String reason(Exception failure) {
        if (failure instanceof RejectedLineException || failure instanceof SkipLimitExceededException) {
            long count = StepOutputs.of(step).linesRejected;
            return count + (count == 1 ? " line" : " lines") + SKIP_LIMIT_EXCEEDED + skipLimit + "; see the rejects in "
                    + rejects + " (last: " + failure.getMessage() + ")";
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OutOfMemoryError) {
                return "out of memory after line " + StepOutputs.of(step).linesRead + " (" + cause.getMessage()
                        + "): restart with more heap, e.g. -Xmx1g (the launcher: AUDIOEXPORT_OPTS=-Xmx1g; its default, "
                        + "640 MB, holds the longest lines, 64 MB, one after another)";
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getMessage() == null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
