package dev.audioexport.batch;

/**
 * One rejected line more than the skip limit allows, counted over the whole run, restarts
 * included: JBeret counts skips per step execution, so each restart would allow the limit
 * again and give other output than an uninterrupted run. Not skippable: it fails the run.
 */
public class SkipLimitExceededException extends RuntimeException {

    public SkipLimitExceededException(long lineNumber, String reason) {
        super("line " + lineNumber + ": " + reason);
    }
}
