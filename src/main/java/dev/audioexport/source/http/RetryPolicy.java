package dev.audioexport.source.http;

import dev.audioexport.source.SourceParameters;
import java.time.Duration;

/**
 * How a network source rides out faults: a failure (HTTP 5xx, timeout, reset, cut-off body) is
 * retried up to {@code attempts} times in a row with exponential backoff from
 * {@code firstDelay} to {@code maxDelay} and jitter; a rate-limit answer is waited out for up
 * to {@code rateLimitBudget} in a row; {@code timeout} bounds connecting and each read.
 */
public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay, Duration rateLimitBudget,
        Duration timeout) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(60),
            Duration.ofMinutes(15), Duration.ofSeconds(60));

    /** From the job parameters {@code retryAttempts}, {@code retryDelayMillis} and {@code httpTimeoutSeconds}. */
    public static RetryPolicy from(SourceParameters parameters) {
        return new RetryPolicy(
                parameters.wholeNumber("retryAttempts", DEFAULT.attempts(), 1),
                Duration.ofMillis(parameters.wholeNumber("retryDelayMillis", (int) DEFAULT.firstDelay().toMillis(), 0)),
                DEFAULT.maxDelay(),
                DEFAULT.rateLimitBudget(),
                Duration.ofMillis(Math.round(1000 * parameters.decimal("httpTimeoutSeconds",
                        DEFAULT.timeout().toSeconds(), 0.1))));
    }
}
