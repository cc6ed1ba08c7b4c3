package dev.audioexport.operations;

import java.nio.file.Path;

/**
 * Where the job repository lives. The password never comes from a command-line argument or a
 * job parameter: only from the environment ({@code AUDIOEXPORT_REPOSITORY_PASSWORD}).
 */
public record RepositoryConfig(String jdbcUrl, String user, String password) {

    /** The default: an H2 database file under the state directory, shared safely between processes. */
    public static RepositoryConfig defaultFor(Path stateDirectory) {
        return of("jdbc:h2:file:" + stateDirectory.toAbsolutePath().resolve("repository") + ";AUTO_SERVER=TRUE");
    }

    public static RepositoryConfig of(String jdbcUrl) {
        return new RepositoryConfig(jdbcUrl, System.getenv("AUDIOEXPORT_REPOSITORY_USER"),
                System.getenv("AUDIOEXPORT_REPOSITORY_PASSWORD"));
    }

    @Override
    public String toString() {
        return "RepositoryConfig[" + jdbcUrl + "]";
    }
}
