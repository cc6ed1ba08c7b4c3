package dev.audioexport.source.http;

import java.io.IOException;
import java.time.Duration;

/** The server asked us to slow down (HTTP 429, or Labelbox's "You have exceeded..." GraphQL error). */
public class RateLimitedException extends IOException {

    private final Duration retryAfter;

    /** @param retryAfter how long the server asked to wait, or null when it did not say */
    public RateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
