package dev.audioexport.server;

/**
 * Whether the first operator account is configured. The accounts themselves live in the server's
 * Elytron realm (module {@code dev.audioexport.elytron}), read from these same variables at boot;
 * the deployment only checks that they are set, to refuse exposing the API without them.
 */
public final class OperatorAccount {

    public static final String USER_VARIABLE = "AUDIOEXPORT_OPERATOR_USER";
    public static final String PASSWORD_VARIABLE = "AUDIOEXPORT_OPERATOR_PASSWORD";

    private OperatorAccount() {
    }

    public static boolean configured() {
        String user = System.getenv(USER_VARIABLE);
        String password = System.getenv(PASSWORD_VARIABLE);
        return user != null && !user.isBlank() && password != null && !password.isEmpty();
    }

    /** What the log and a refused request say when no operator account is configured. */
    public static String missingMessage() {
        return "The operator API under /api is disabled: no operator account is configured. Set "
                + USER_VARIABLE + " and " + PASSWORD_VARIABLE + " in the server's environment and restart it.";
    }
}
