package dev.audioexport.liveness;

/**
 * A run's liveness lock was lost for good (another process holds it, another node took the run
 * for dead, or the database stayed unreachable): the run must write nothing more. The message
 * names the run and says why.
 */
public class LostLivenessException extends Exception {

    public LostLivenessException(String message) {
        super(message);
    }
}
