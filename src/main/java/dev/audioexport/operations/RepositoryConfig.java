package dev.audioexport.operations;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the job repository lives. The password never comes from a command-line argument or a
 * job parameter: only from the environment ({@code AUDIOEXPORT_REPOSITORY_PASSWORD}).
 */
public record RepositoryConfig(String jdbcUrl, String user, String password) {

    /** The size past which the default repository's file is compacted when it is closed. */
    static final long COMPACT_AT_BYTES = 8L << 20;

    /**
     * The default: an H2 database file under the state directory. AUTO_SERVER lets {@code status}
     * read it while a run in another process holds it (over loopback only); the SOCKET lock lets
     * a new process take it over at once after that run was killed, where H2's default file lock
     * makes it wait seconds to be sure the owner is gone. The process that opened it first serves
     * it: a second run on it would lose its repository when the first ends ({@link
     * ExportOperations} refuses one).
     * <p>
     * H2 compacts a database file when it closes it, for up to 200 ms: that was 0.1-0.2 s at the
     * end of every run and restart (a third of the bundled sample's run). A file not compacted
     * grows by each run's commits (about 200 KB for the bundled sample, 2.4 MB for a 1 GB export),
     * so a command compacts it only once it is larger than {@link #COMPACT_AT_BYTES}: the file
     * stays around ten megabytes at most, and most commands end at once.
     * <p>
     * The command that creates the file does so with H2's trace file off: JBeret finds out
     * whether its tables exist by querying one and catching the error, which H2 wrote to a
     * {@code repository.trace.db} beside it, a stack trace a new user found after the first run.
     * Later commands trace errors as H2 does by default.
     */
    public static RepositoryConfig defaultFor(Path stateDirectory) {
        Path database = stateDirectory.toAbsolutePath().resolve("repository");
        return of("jdbc:h2:file:" + database + ";AUTO_SERVER=TRUE;FILE_LOCK=SOCKET"
                + (needsCompacting(database) ? "" : ";MAX_COMPACT_TIME=0")
                + (Files.exists(databaseFile(database)) ? "" : ";TRACE_LEVEL_FILE=0"));
    }

    private static Path databaseFile(Path database) {
        return database.resolveSibling(database.getFileName() + ".mv.db");
    }

    private static boolean needsCompacting(Path database) {
        try {
            return Files.size(databaseFile(database)) > COMPACT_AT_BYTES;
        } catch (java.io.IOException e) {
            return false;  // none yet
        }
    }

    public static RepositoryConfig of(String jdbcUrl) {
        return new RepositoryConfig(h2Settings(jdbcUrl), System.getenv("AUDIOEXPORT_REPOSITORY_USER"),
                System.getenv("AUDIOEXPORT_REPOSITORY_PASSWORD"));
    }

    /**
     * For a command that only reads (status): an H2 database it closes is not compacted. H2 moves
     * the file's chunks for up to 200 ms at every close; that was 60 ms of each status, whose
     * reads free nothing. The runs, which write, keep compacting it.
     */
    public RepositoryConfig forReading() {
        if (!jdbcUrl.startsWith("jdbc:h2:") || jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains("MAX_COMPACT_TIME")) {
            return this;
        }
        return new RepositoryConfig(jdbcUrl + ";MAX_COMPACT_TIME=0", user, password);
    }

    /**
     * An H2 repository, unless its URL says otherwise, gets DB_CLOSE_DELAY=-1: JBeret opens a
     * connection per operation, and an embedded database that closed with its last one was
     * reopened all the time, a write racing a close (seen as lost step updates); and
     * WRITE_DELAY=0: H2 otherwise holds commits back up to 500 ms, and a killed run lost its
     * last checkpoints with them, or even its execution when it was killed that soon.
     */
    private static String h2Settings(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:h2:")) {
            return jdbcUrl;
        }
        String upper = jdbcUrl.toUpperCase(java.util.Locale.ROOT);
        return jdbcUrl + (upper.contains("DB_CLOSE_DELAY") ? "" : ";DB_CLOSE_DELAY=-1")
                + (upper.contains("WRITE_DELAY") ? "" : ";WRITE_DELAY=0");
    }

    @Override
    public String toString() {
        return "RepositoryConfig[" + jdbcUrl + "]";
    }
}
