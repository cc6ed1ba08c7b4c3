package dev.audioexport.source;

/**
 * A source cannot be opened or resumed; the message says why and what to do. Its causes are
 * kept readable by any class loader ({@link PortableCauses}).
 */
public class SourceException extends RuntimeException {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, PortableCauses.of(cause));
    }
}
