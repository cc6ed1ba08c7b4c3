package dev.audioexport.operations;

import dev.audioexport.sink.SqlDatabase;
import dev.audioexport.sink.UrlDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A run's liveness that every node sharing its PostgreSQL database can judge (a sync's target
 * database): the process holds a session advisory lock keyed by the run's token for as long as
 * it lives; a dead process's session, and with it the lock, is gone. A local lock file only
 * tells the processes of one host and state directory.
 */
final class DatabaseRunLock {

    private static final String LOCK_SPACE = "audio-export run";
    /** Held until this process ends: closing them would tell the others the run died. */
    private static final List<Connection> HELD = new CopyOnWriteArrayList<>();

    private DatabaseRunLock() {
    }

    /** Takes the run's lock in {@code jdbcUrl}'s database for the rest of this process's life. */
    static void hold(String jdbcUrl, String token) {
        try {
            Connection connection = UrlDataSource.fromEnvironment(jdbcUrl).getConnection();
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(hashtext(?), hashtext(?))")) {
                lock.setString(1, LOCK_SPACE);
                lock.setString(2, token);
                lock.execute();
            }
            HELD.add(connection);
        } catch (SQLException e) {
            throw new OperationException("Cannot take the run's lock in " + jdbcUrl + ": " + SqlDatabase.errorOf(e), e);
        }
    }

    /** Whether a live session holds the run's lock; null when the database cannot be asked. */
    static Boolean isHeld(String jdbcUrl, String token) {
        try (Connection connection = UrlDataSource.fromEnvironment(jdbcUrl).getConnection();
                PreparedStatement probe = connection.prepareStatement(
                        "SELECT pg_try_advisory_lock(hashtext(?), hashtext(?))")) {
            probe.setString(1, LOCK_SPACE);
            probe.setString(2, token);
            try (ResultSet result = probe.executeQuery()) {
                result.next();
                return !result.getBoolean(1);  // got it: nobody holds it (closing the connection lets it go)
            }
        } catch (SQLException e) {
            return null;
        }
    }
}
