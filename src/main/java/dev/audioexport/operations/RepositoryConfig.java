package dev.audioexport.operations;

import java.nio.file.Path;

/**
 * Where the job repository lives. The password never comes from a command-line argument or a
 * job parameter: only from the environment ({@code AUDIOEXPORT_REPOSITORY_PASSWORD}).
 */
public record RepositoryConfig(String jdbcUrl, String user, String password) {

    /**
     * The default: an H2 database file under the state directory. AUTO_SERVER lets {@code status}
     * read it while a run in another process holds it (over loopback only); the SOCKET lock lets
     * a new process take it over at once after that run was killed, where H2's default file lock
     * makes it wait seconds to be sure the owner is gone. WRITE_DELAY=0 hands each commit to the
     * operating system at once: by default H2 holds commits back for up to 500 ms, and a killed
     * run lost its last checkpoints with them (so its restart redid that much more work).
     */
    public static RepositoryConfig defaultFor(Path stateDirectory) {
        return of("jdbc:h2:file:" + stateDirectory.toAbsolutePath().resolve("repository")
                + ";AUTO_SERVER=TRUE;FILE_LOCK=SOCKET;WRITE_DELAY=0");
    }

    public static RepositoryConfig of(String jdbcUrl) {
        return new RepositoryConfig(keepH2Open(jdbcUrl), System.getenv("AUDIOEXPORT_REPOSITORY_USER"),
                System.getenv("AUDIOEXPORT_REPOSITORY_PASSWORD"));
    }

    /**
     * JBeret opens a connection per repository operation. An embedded H2 database closes with
     * its last connection, so without this it would be closed and reopened all the time, and
     * a write could race a concurrent close (seen as lost step updates).
     */
    private static String keepH2Open(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains("DB_CLOSE_DELAY")) {
            return jdbcUrl + ";DB_CLOSE_DELAY=-1";
        }
        return jdbcUrl;
    }

    @Override
    public String toString() {
        return "RepositoryConfig[" + jdbcUrl + "]";
    }
}
