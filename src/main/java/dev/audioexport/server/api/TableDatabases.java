package dev.audioexport.server.api;

import java.util.Arrays;
import java.util.List;

/**
 * The JDBC URLs that a run's {@code jdbcUrl} may name on this server, set at deploy time in
 * {@value #VARIABLE} (space-separated; none by default). The table sink connects with the
 * server's database account (AUDIOEXPORT_DB_USER, AUDIOEXPORT_DB_PASSWORD, the job repository's),
 * which any URL an operator sent would otherwise receive: a database on a host of their choosing
 * is told the password.
 */
final class TableDatabases {

    static final String VARIABLE = "AUDIOEXPORT_TABLE_URLS";

    private TableDatabases() {
    }

    static List<String> allowed() {
        String urls = System.getenv(VARIABLE);
        return urls == null || urls.isBlank() ? List.of() : Arrays.asList(urls.strip().split("\\s+"));
    }

    /** Why {@code jdbcUrl} is refused, or null when it may be used. */
    static String refusal(String jdbcUrl) {
        List<String> allowed = allowed();
        if (allowed.contains(jdbcUrl.strip())) {
            return null;
        }
        return "jdbcUrl '" + jdbcUrl + "' is refused: this server writes tables only to the databases listed in "
                + VARIABLE + " (" + (allowed.isEmpty() ? "not set" : String.join(" ", allowed)) + "), since the "
                + "server's database account is sent to whatever database the URL names. Give one of them, or add "
                + "the URL to " + VARIABLE + " and restart the server.";
    }
}
