package dev.audioexport.liveness;

/** Whether the process running an execution is alive, as far as the one asking can tell (never a guessed DEAD). */
public enum Liveness {
    ALIVE, DEAD, UNKNOWN;

    /** How long a restart (or a sync's claim of a project) asks again before it believes ALIVE, and how often. */
    static final long SETTLE_MILLIS = 3_000;
    private static final long PROBE_EVERY_MILLIS = 200;

    /** One look at an execution's liveness. */
    @FunctionalInterface
    public interface Probe<E extends Exception> {
        Liveness look() throws E;
    }

    /**
     * The liveness a restart acts on: a process killed a moment ago still looks ALIVE until
     * PostgreSQL notices its closed socket and ends its session, which releases its lock (a few
     * milliseconds, longer on a loaded server). So ALIVE is asked again for up to
     * {@value #SETTLE_MILLIS} ms before a restart is refused; DEAD and UNKNOWN are final at once.
     * A sync's claim of a project asks so of the project's lock's holder too (ProjectSync).
     */
    public static <E extends Exception> Liveness afterSettling(Probe<E> probe) throws E {
        long until = System.nanoTime() + SETTLE_MILLIS * 1_000_000;
        Liveness liveness = probe.look();
        while (liveness == ALIVE && System.nanoTime() < until) {
            try {
                Thread.sleep(PROBE_EVERY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return liveness;
            }
            liveness = probe.look();
        }
        return liveness;
    }
}
