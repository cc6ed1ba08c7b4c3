package dev.audioexport.liveness;

import dev.audioexport.sink.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Who holds an execution's lock, for tests. */
public final class ExecutionLocks {

    private ExecutionLocks() {
    }

    /** The backend holding an execution's lock, if any (from pg_locks: probing would take it). */
    public static Integer heldBy(TestDatabase db, long executionId) throws SQLException {
        long key = DatabaseRunLock.executionKey(executionId);
        try (Connection connection = db.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT pid FROM pg_locks WHERE locktype = "
                        + "'advisory' AND granted AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 1")) {
            query.setLong(1, key >>> 32);
            query.setLong(2, key & 0xFFFFFFFFL);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getInt(1) : null;
            }
        }
    }
}
