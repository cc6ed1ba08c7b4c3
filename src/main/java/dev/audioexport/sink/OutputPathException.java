package dev.audioexport.sink;

/** An output file parameter that points outside the output directory; the message says which and why. */
public class OutputPathException extends IllegalArgumentException {

    public OutputPathException(String message) {
        super(message);
    }
}
