package dev.audioexport.sink;

/** An output cannot be opened or resumed; the message says why and what to do. */
public class SinkException extends RuntimeException {

    public SinkException(String message) {
        super(message);
    }

    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
