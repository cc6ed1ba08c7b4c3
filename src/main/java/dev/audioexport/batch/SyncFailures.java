package dev.audioexport.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.listener.ChunkListener;
import jakarta.batch.api.partition.AbstractPartitionAnalyzer;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;

/**
 * Why the projects of a sync failed, in the job's exit status: each failed partition's exit
 * status names its project (set by the reader when it cannot open, by {@link #onError} when a
 * chunk fails), and the analyzer, on the step's thread, joins them into the job's exit status.
 * The other projects go on regardless.
 */
@Named
@Dependent
public class SyncFailures extends AbstractPartitionAnalyzer implements ChunkListener {

    /** In a partition: its project. */
    @Inject
    @BatchProperty
    String project;

    @Inject
    JobContext job;

    @Inject
    StepContext step;

    private final List<String> failures = new ArrayList<>();

    /** Marks the partition's exit status with the project and the reason (the whole reason is logged). */
    static void partitionFailed(StepContext partition, String project, Throwable failure) {
        partition.setExitStatus(FailedExitStatus.of(named(project, failure)));
    }

    /** "Project P: reason", once: many reasons name their project already ("Project P is being synced ..."). */
    static String named(String project, Throwable failure) {
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        String named = "Project " + project;
        return message.startsWith(named + " ") || message.startsWith(named + ":") ? message : named + ": " + message;
    }

    @Override
    public void beforeChunk() {
    }

    @Override
    public void onError(Exception failure) {
        if (project != null && !project.isBlank()) {
            partitionFailed(step, project, failure);
        }
    }

    @Override
    public void afterChunk() {
    }

    @Override
    public void analyzeStatus(BatchStatus batchStatus, String exitStatus) {
        if (batchStatus == BatchStatus.FAILED && exitStatus != null && exitStatus.startsWith("FAILED: Project ")) {
            failures.add(exitStatus.substring("FAILED: ".length()));
            job.setExitStatus(FailedExitStatus.of(String.join("; ", failures)));
        }
    }
}
