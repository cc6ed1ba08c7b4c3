package dev.audioexport.model;

/** An export line that cannot be decoded; the message names the JSON field and what was wrong. */
public class MalformedLineException extends Exception {

    public MalformedLineException(String message) {
        super(message);
    }

    public MalformedLineException(String message, Throwable cause) {
        super(message, cause);
    }
}
