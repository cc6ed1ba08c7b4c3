package dev.audioexport.batch;

/**
 * "FAILED: reason" as an exit status on one line (operators read it in a terminal or a table)
 * that fits JBeret's repository column (512 characters): a longer one (a database's error with
 * its SQL, say) failed the final update of the execution, which then never ended. The whole
 * reason goes to the log.
 */
public final class FailedExitStatus {

    static final int MAX_LENGTH = 512;
    private static final String PREFIX = "FAILED: ";
    private static final String CUT = " …";

    private FailedExitStatus() {
    }

    public static String of(String reason) {
        String status = PREFIX + reason.strip().replaceAll("\\s*\\R\\s*", " ");
        return status.length() <= MAX_LENGTH ? status : status.substring(0, MAX_LENGTH - CUT.length()) + CUT;
    }
}
