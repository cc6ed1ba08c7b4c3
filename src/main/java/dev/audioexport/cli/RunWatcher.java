package dev.audioexport.cli;

import dev.audioexport.batch.ExportStepListener;
import dev.audioexport.batch.ExportTotals;
import dev.audioexport.batch.RunProgress;
import dev.audioexport.operations.ExportOperations;
import dev.audioexport.operations.StartedRun;
import dev.audioexport.source.Sources;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Follows a run to its end: a progress line on the terminal, a stop at the next checkpoint on
 * Ctrl-C or SIGTERM, then the summary and the exit status.
 */
final class RunWatcher {

    private static final long PROGRESS_EVERY_MILLIS = 1000;

    private final Commands.Session session;
    private final ExportOperations operations;
    private final PrintStream out;
    private final PrintStream err;
    /** The execution being watched, once started; -1 before. */
    private final AtomicLong watched = new AtomicLong(-1);
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    RunWatcher(Commands.Session session, PrintStream out, PrintStream err) {
        this.session = session;
        this.operations = session.operations();
        this.out = out;
        this.err = err;
    }

    /**
     * Ctrl-C and SIGTERM stop the run at its next checkpoint; the process then ends normally,
     * with the summary and exit status 1, instead of dying with the signal. Armed before the run
     * starts, so that a signal in between is not lost (it stops the run as soon as it has an id).
     */
    RunWatcher armSignals() {
        SignalHandler stop = signal -> {
            err.println();
            err.println("Stopping the run at its next checkpoint (SIG" + signal.getName() + ")...");
            stopRequested.set(true);
            stopIfRequested();
        };
        Signal.handle(new Signal("INT"), stop);
        Signal.handle(new Signal("TERM"), stop);
        return this;
    }

    private void stopIfRequested() {
        long id = watched.get();
        if (id < 0 || !stopRequested.get()) {
            return;
        }
        try {
            operations.stop(id);
        } catch (RuntimeException e) {
            err.println("audio-export: could not stop execution " + id + ": " + e.getMessage());
        }
    }

    int watch(StartedRun run) throws Exception {
        long id = run.executionId();
        CompletableFuture<BatchStatus> end = operations.termination(id);
        watched.set(id);
        stopIfRequested();
        followProgress(id, end);
        int status = summarize(id);
        run.close();
        return status;
    }

    private void followProgress(long id, CompletableFuture<BatchStatus> end) throws InterruptedException {
        boolean terminal = System.console() != null;
        long started = System.nanoTime();
        long nextReport = System.currentTimeMillis() + PROGRESS_EVERY_MILLIS;
        while (!ended(end)) {
            RunProgress progress = RunProgress.of(id);
            if (terminal && progress != null && System.currentTimeMillis() >= nextReport) {
                err.print("\r" + progressLine(progress, System.nanoTime() - started));
                nextReport += PROGRESS_EVERY_MILLIS;
            }
        }
        if (terminal) {
            err.print("\r\033[K");
        }
        if (end.isCompletedExceptionally()) {
            end.exceptionally(failure -> {
                err.println("audio-export: " + (failure.getCause() != null ? failure.getCause() : failure).getMessage());
                return null;
            });
        }
    }

    /** Waits up to 100 ms: returns as soon as the run ends, so the summary is not held back. */
    private static boolean ended(CompletableFuture<BatchStatus> end) throws InterruptedException {
        try {
            end.get(100, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;  // the summary reads the execution's status from the repository
        }
    }

    static String progressLine(RunProgress progress, long elapsedNanos) {
        if (progress.waitingFor() != null) {
            return "waiting: " + progress.waitingFor() + "\033[K";
        }
        double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
        double percent = progress.percent();
        return String.format(Locale.ROOT, "%,d lines  %,d rows  %.1f MB/s%s", progress.linesRead(),
                progress.rowsWritten(), progress.bytesConsumed() / 1e6 / seconds,
                percent < 0 ? "" : String.format(Locale.ROOT, "  %.1f%%", percent));
    }

    private int summarize(long id) {
        JobExecution execution = operations.execution(id);
        ExportTotals totals = operations.totals(id);
        Properties parameters = execution.getJobParameters();
        BatchStatus status = execution.getBatchStatus();
        out.println("Execution " + id + " " + status + " in " + duration(execution));
        if (parameters.getProperty("projects") != null) {
            // A sync's totals are per project (the partitions'), read from its watermarks table.
            StatusReport.printOutputs(out, parameters);
            SyncSummary.print(out, parameters, StatusReport.executionsOfInstance(operations, id));
            return ended(id, execution, parameters, status);
        }
        if (status != BatchStatus.COMPLETED) {
            // the chunk in progress was rolled back: a restart reads, writes and rejects it again
            out.println("  as of its last checkpoint:");
        }
        out.println("  lines read      " + PlainText.grouped(totals.linesRead()));
        out.println("  rows written    " + PlainText.grouped(totals.rowsWritten()));
        out.println("  lines rejected  " + PlainText.grouped(totals.linesRejected()));
        out.println("  unknown shapes  " + PlainText.grouped(totals.unknownShapes())
                + (totals.unknownShapes() > 0 ? " (see " + session.log() + ")" : ""));
        StatusReport.printOutputs(out, parameters);
        if (Sources.kind(parameters.getProperty("source")) == Sources.Kind.LABELBOX) {
            out.println("  export errors   " + PlainText.grouped(totals.exportErrors()) + " ("
                    + parameters.getProperty("exportErrors") + ")");
        }
        return ended(id, execution, parameters, status);
    }

    /** The exit status; for a run that did not complete, why and how to restart it. */
    private int ended(long id, JobExecution execution, Properties parameters, BatchStatus status) {
        if (status == BatchStatus.COMPLETED) {
            return Main.COMPLETED;
        }
        String reason = execution.getExitStatus();
        err.println("audio-export: execution " + id + " " + status
                + (reason == null || reason.equals(status.name()) ? "" : ": " + reason.replaceFirst("^FAILED: ", "")));
        String restart = session.restartCommand(id, parameters);
        err.println(ExportStepListener.exceededSkipLimit(reason)
                ? "To resume from its last checkpoint, letting more lines be rejected: " + restart
                        + " --skip-limit N  (N: the most rejected lines the whole run may have)"
                : "To resume from its last checkpoint: " + restart);
        return Main.FAILED;
    }

    private static String duration(JobExecution execution) {
        if (execution.getStartTime() == null || execution.getEndTime() == null) {
            return "?";
        }
        Duration d = Duration.between(execution.getStartTime().toInstant(), execution.getEndTime().toInstant());
        return PlainText.oneDecimal(d.toMillis() / 1000.0) + " s";
    }
}
