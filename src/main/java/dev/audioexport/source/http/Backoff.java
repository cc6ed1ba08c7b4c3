package dev.audioexport.source.http;

import dev.audioexport.source.SourceException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts the failures in a row of one network source and waits between attempts: exponential
 * backoff with jitter (so that many clients do not retry in step), then a clear failure when
 * the attempts are used up. Any progress resets the count. A stop of the run ends the waiting
 * (these waits add up to minutes, the rate-limit budget to a quarter of an hour).
 */
public final class Backoff {

    private static final Logger LOG = Logger.getLogger(Backoff.class.getName());

    /** How often a wait looks whether the run was asked to stop. */
    private static final long STOP_CHECK_MILLIS = 100;

    private final RetryPolicy policy;
    private final BooleanSupplier stopRequested;
    private int failures;
    private int rateLimitAnswers;
    private Duration rateLimitedFor = Duration.ZERO;

    /** @param stopRequested true once the run is asked to stop: no more retries then */
    public Backoff(RetryPolicy policy, BooleanSupplier stopRequested) {
        this.policy = policy;
        this.stopRequested = stopRequested;
    }

    public RetryPolicy policy() {
        return policy;
    }

    /** A transient failure of {@code what}: waits before the next attempt, or gives up with a message saying how to resume. */
    public void failed(String what, Exception cause) {
        failures++;
        stopIfRequested(what, cause);
        if (failures >= policy.attempts()) {
            throw new SourceException(what + " failed " + (failures == 1 ? "once" : failures + " times in a row")
                    + " (last: " + describe(cause)
                    + "); 'restart' resumes the run from its last checkpoint.", cause);
        }
        Duration wait = delay(failures);
        LOG.log(Level.WARNING, "{0} failed ({1}), attempt {2} of {3}; retrying in {4} ms",
                new Object[] {what, describe(cause), failures, policy.attempts(), wait.toMillis()});
        sleep(what, cause, wait);
    }

    /** A rate-limit answer: waits {@code hint} (the server's Retry-After) or a backoff delay, within the budget. */
    public void rateLimited(String what, Duration hint) {
        rateLimitAnswers++;
        Duration wait = hint != null ? hint : delay(rateLimitAnswers);
        if (rateLimitedFor.plus(wait).compareTo(policy.rateLimitBudget()) > 0) {
            throw new SourceException(what + " was refused for exceeding the API rate limit: a wait of "
                    + wait.toSeconds() + " s more, after " + rateLimitedFor.toSeconds() + " s in a row, is beyond the "
                    + policy.rateLimitBudget().toMinutes() + "-minute budget; try again later ('restart' resumes the run).");
        }
        rateLimitedFor = rateLimitedFor.plus(wait);
        LOG.log(Level.INFO, "{0}: rate limit reached; waiting {1} ms", new Object[] {what, wait.toMillis()});
        sleep(what, null, wait);
    }

    /** Progress was made: the next failure is the first in a row again. */
    public void succeeded() {
        failures = 0;
        rateLimitAnswers = 0;
        rateLimitedFor = Duration.ZERO;
    }

    /** Exponential from the first delay, capped, with jitter in its upper half. */
    Duration delay(int attempt) {
        long first = policy.firstDelay().toMillis();
        long capped = Math.min(policy.maxDelay().toMillis(), first << Math.min(attempt - 1, 20));
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Duration.ofMillis(jittered);
    }

    static String describe(Throwable cause) {
        Throwable shown = cause;
        while (shown.getCause() != null && (shown.getMessage() == null || shown instanceof jakarta.ws.rs.ProcessingException)) {
            shown = shown.getCause();
        }
        return shown.getMessage() == null ? shown.getClass().getSimpleName()
                : shown.getClass().getSimpleName() + ": " + shown.getMessage();
    }

    /** Sleeps {@code wait} in short steps, so that a stop is heard within one of them. */
    private void sleep(String what, Exception cause, Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        try {
            for (long left = wait.toMillis(); left > 0; left = (end - System.nanoTime()) / 1_000_000) {
                stopIfRequested(what, cause);
                Thread.sleep(Math.min(left, STOP_CHECK_MILLIS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("Interrupted while waiting to retry a download.", e);
        }
        stopIfRequested(what, cause);
    }

    private void stopIfRequested(String what, Exception cause) {
        if (stopRequested.getAsBoolean()) {
            throw new SourceException("Stopped while retrying " + what + (cause == null ? " (rate limit)"
                    : " (last: " + describe(cause) + ")") + "; 'restart' resumes the run from its last checkpoint.", cause);
        }
    }
}
