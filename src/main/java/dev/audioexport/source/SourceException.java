package dev.audioexport.source;

/** A source cannot be opened or resumed; the message says why and what to do. */
public class SourceException extends RuntimeException {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
