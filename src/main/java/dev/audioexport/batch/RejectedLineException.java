package dev.audioexport.batch;

/**
 * An export line that was skipped and recorded in the rejects file. Skippable, so the chunk
 * goes on; past the skip limit it fails the run.
 */
public class RejectedLineException extends Exception {

    private final long lineNumber;

    public RejectedLineException(long lineNumber, String reason) {
        super("line " + lineNumber + ": " + reason);
        this.lineNumber = lineNumber;
    }

    public long lineNumber() {
        return lineNumber;
    }
}
