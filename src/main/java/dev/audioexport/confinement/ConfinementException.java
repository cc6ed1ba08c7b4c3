package dev.audioexport.confinement;

/**
 * A job parameter that names a file, a host or a database the server does not allow; the message
 * names the parameter, why, and the variable that sets what is allowed.
 */
public class ConfinementException extends IllegalArgumentException {

    public ConfinementException(String message) {
        super(message);
    }
}
