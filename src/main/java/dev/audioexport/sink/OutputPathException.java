package dev.audioexport.sink;

import dev.audioexport.confinement.ConfinementException;

/** An output file parameter that points outside the output directory; the message says which and why. */
public class OutputPathException extends ConfinementException {

    public OutputPathException(String message) {
        super(message);
    }
}
