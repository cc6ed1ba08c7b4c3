package dev.audioexport.operations;

/** An operation was refused before anything started; the message says why and what to do. */
public class OperationException extends RuntimeException {

    public OperationException(String message) {
        super(message);
    }

    public OperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
