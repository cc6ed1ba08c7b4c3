package dev.audioexport.source.labelbox;

import dev.audioexport.source.SourceException;
import dev.audioexport.source.SourceOptions;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The completed export task a source reads, where in its RESULT stream reading starts, and when
 * Labelbox created it (its clock; null if it did not say).
 */
record ExportTask(String taskId, long nextOffset, long lineNumber, long exportErrors, String createdAt) {

    private static final Logger LOG = Logger.getLogger(ExportTask.class.getName());

    /** Creates the export task and waits until it is complete. */
    static ExportTask start(LabelboxApi api, ExportRequest request, TaskWait wait, SourceOptions options) {
        String userId = api.currentUserId();
        String taskId = api.createExportTask(request, "audio-export " + request.projectId());
        LOG.log(Level.INFO, "Created Labelbox export task {0} for project {1}", new Object[] {taskId, request.projectId()});
        LabelboxApi.TaskState state = wait.untilComplete(api, userId, taskId, options);
        return new ExportTask(taskId, 0, 0, 0, state.createdAt());
    }

    /** The checkpoint's task, provided Labelbox still has it. */
    static ExportTask resume(LabelboxApi api, LabelboxPosition checkpoint, String projectId, TaskWait wait,
            SourceOptions options) {
        if (!checkpoint.projectId().equals(projectId)) {
            throw new SourceException("The checkpoint was taken on project " + checkpoint.projectId() + ", not "
                    + projectId + ": the source parameter changed since the run started.");
        }
        String userId = api.currentUserId();
        if (api.task(userId, checkpoint.taskId()).isEmpty()) {
            throw gone(checkpoint.taskId(), projectId, checkpoint.lineNumber(), options);
        }
        LabelboxApi.TaskState state = wait.untilComplete(api, userId, checkpoint.taskId(), options);
        LOG.log(Level.INFO, "Resuming Labelbox export task {0} at byte {1} (after line {2})",
                new Object[] {checkpoint.taskId(), checkpoint.nextOffset(), checkpoint.lineNumber()});
        return new ExportTask(checkpoint.taskId(), checkpoint.nextOffset(), checkpoint.lineNumber(),
                checkpoint.exportErrors(), state.createdAt());
    }

    static SourceException gone(String taskId, String projectId, long lineNumber, SourceOptions options) {
        return new SourceException("Labelbox export task " + taskId + " of project " + projectId + " no longer exists "
                + "(export tasks expire), so this run cannot resume after line " + lineNumber + ". Start over with "
                + (isSync(options) ? "'sync': it creates a new export task of the project (a full one with --full)."
                : "'run': it creates a new export task and rewrites the outputs."));
    }

    /** Whether a sync's partition reads the task: its messages then tell to start over with 'sync', not 'run'. */
    static boolean isSync(SourceOptions options) {
        return options.parameters().text(LabelboxLineSource.SYNC_PROJECT).isPresent();
    }

    /** The command that starts over, for messages. */
    static String startOver(SourceOptions options) {
        return isSync(options) ? "'sync'" : "'run'";
    }

    ExportTask withExportErrors(long count) {
        return new ExportTask(taskId, nextOffset, lineNumber, count, createdAt);
    }
}
