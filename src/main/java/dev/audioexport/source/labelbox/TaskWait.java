package dev.audioexport.source.labelbox;

import dev.audioexport.source.SourceException;
import dev.audioexport.source.SourceOptions;
import dev.audioexport.source.SourceParameters;
import java.time.Duration;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Waits for an export task to complete: polls at once, then after 50 ms, 100 ms, 200 ms... doubling
 * up to {@code interval} (job parameter {@code pollSeconds}, default 2), then every
 * {@code interval}, for at most {@code timeout} ({@code pollTimeoutMinutes}, default 120, as the
 * SDK), reporting the completion percent, while the task is IN_PROGRESS. The short start is for
 * small exports (an incremental sync's): Labelbox often completes them within a second, and a
 * first wait of the full 2 s was most of such a project's time (one per project, partitions in
 * turn). It costs 5 polls more than the SDK's fixed 2 s (whose minimum is 2 s) in a task's first
 * 3 s, against rate limits of at least 1,500 requests a minute.
 */
record TaskWait(Duration interval, Duration timeout) {

    private static final Logger LOG = Logger.getLogger(TaskWait.class.getName());
    /** The first wait between polls; each next one doubles, up to the interval. */
    static final Duration FIRST_WAIT = Duration.ofMillis(50);

    static TaskWait from(SourceParameters parameters) {
        double seconds = parameters.decimal("pollSeconds", 2, 0.05);
        double minutes = parameters.decimal("pollTimeoutMinutes", 120, 0.01);
        return new TaskWait(Duration.ofMillis(Math.round(seconds * 1000)), Duration.ofMillis(Math.round(minutes * 60_000)));
    }

    /** Returns the task as Labelbox shows it once COMPLETE. */
    LabelboxApi.TaskState untilComplete(LabelboxApi api, String userId, String taskId, SourceOptions options) {
        long deadline = System.nanoTime() + timeout.toNanos();
        double lastPercent = -1;
        for (int polls = 1; ; polls++) {
            LabelboxApi.TaskState state = api.task(userId, taskId).orElseThrow(() -> new SourceException(
                    "Labelbox does not list the export task " + taskId + " it has just created."));
            switch (state.status()) {
                case "COMPLETE" -> {
                    return state;
                }
                case "FAILED" -> throw new SourceException("Labelbox export task " + taskId + " failed"
                        + (state.errors() == null ? "" : ": " + state.errors())
                        + ". Check the project and filters, then start over with " + ExportTask.startOver(options) + ".");
                case "IN_PROGRESS" -> {
                    if (state.completionPercentage() != lastPercent) {
                        lastPercent = state.completionPercentage();
                        String status = String.format(Locale.ROOT, "Labelbox export task %s %.0f%%", taskId, lastPercent);
                        options.waiting().accept(status);
                        LOG.log(Level.INFO, status);
                    }
                }
                // As the SDK: only IN_PROGRESS is waited for. Anything else (CANCELED, CANCELLING when
                // someone cancels the export in the app, UNKNOWN) will never become COMPLETE.
                default -> throw new SourceException("Labelbox export task " + taskId + " ended " + state.status()
                        + ", not COMPLETE" + (state.errors() == null ? "" : ": " + state.errors())
                        + ". Start over with " + ExportTask.startOver(options) + " (it creates a new export task).");
            }
            if (options.stopRequested().getAsBoolean()) {
                throw new SourceException(String.format(Locale.ROOT, "Stopped while waiting for Labelbox export task "
                        + "%s (%.0f%%); nothing was read yet, so a restart starts a new export task.", taskId, lastPercent));
            }
            if (System.nanoTime() > deadline) {
                throw new SourceException(String.format(Locale.ROOT, "Labelbox export task %s is still %s at %.0f%% "
                        + "after %s min; raise pollTimeoutMinutes (--poll-timeout-minutes) and start over with %s.",
                        taskId, state.status(), lastPercent, minutes(timeout), ExportTask.startOver(options)));
            }
            sleep(waitAfter(polls));
        }
    }

    /** The wait after the {@code polls}-th poll: 50 ms doubling with each poll, at most the interval. */
    Duration waitAfter(int polls) {
        int doublings = Math.min(polls - 1, 20);
        Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
        return wait.compareTo(interval) < 0 ? wait : interval;
    }

    /** Whole minutes as such; a fraction (0.5 given) not rounded down to 0. */
    private static String minutes(Duration timeout) {
        double minutes = timeout.toMillis() / 60_000.0;
        return minutes == Math.rint(minutes) ? String.valueOf((long) minutes)
                : String.format(Locale.ROOT, "%.2f", minutes);
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("Interrupted while waiting for the Labelbox export task.", e);
        }
    }
}
