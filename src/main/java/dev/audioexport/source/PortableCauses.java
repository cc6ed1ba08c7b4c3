package dev.audioexport.source;

import java.io.IOException;

/**
 * A cause chain that any class loader can read back. JBeret saves a failed step's exception,
 * serialized, and reads it back with the application's class loader; in WildFly that loader does
 * not see the HTTP client's own exception classes (they live in the REST client's module), so the
 * read failed and the run's reason was lost: its exit status was a bare FAILED. A cause of any
 * class outside the JDK and this tool is copied into an IOException with the same class name,
 * message and stack trace, so the log still shows where it came from.
 */
final class PortableCauses {

    /** Deeper chains than this are cut: a cycle must not loop. */
    private static final int MAX_DEPTH = 16;

    private PortableCauses() {
    }

    static Throwable of(Throwable cause) {
        return of(cause, 0);
    }

    private static Throwable of(Throwable cause, int depth) {
        if (cause == null || depth >= MAX_DEPTH) {
            return null;
        }
        Throwable next = of(cause.getCause(), depth + 1);
        if (readableAnywhere(cause) && next == cause.getCause()) {
            return cause;
        }
        IOException copy = new IOException(cause.getClass().getName() + ": " + cause.getMessage(), next);
        copy.setStackTrace(cause.getStackTrace());
        return copy;
    }

    private static boolean readableAnywhere(Throwable cause) {
        String type = cause.getClass().getName();
        return (type.startsWith("java.") || type.startsWith("dev.audioexport.")) && cause.getSuppressed().length == 0;
    }
}
