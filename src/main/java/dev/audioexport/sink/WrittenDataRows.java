package dev.audioexport.sink;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The data rows a run has written so far, for a run that began on empty tables: their rows are
 * the only ones a chunk can replace, so a chunk deletes the groups of just the data rows seen in
 * an earlier chunk (an export that lists a data row twice) and loads the rest straight away. A
 * first load into empty tables thus sends no delete at all, where it sent one per group and
 * table (some 70,000 for 100 MB, 0.4 s of the server's CPU and as much of the client's).
 *
 * <p>A Bloom filter of fixed size (4 MB, whatever the input: memory stays flat): "may have" can
 * be wrong only towards yes, which costs a delete that finds nothing, never a row left behind.
 * A restart, or any run into tables that already hold rows, does not use this: it deletes every
 * group it writes, since the rows of chunks past its checkpoint, or of an earlier export, are
 * there. Like the replacement itself, this holds while nothing else writes the same groups.
 *
 * <p>A sync's partition uses one scoped to its project ({@link #forProject}, see {@link
 * ProjectSync#firstRows}): there only the groups of that project can be known empty, so every
 * other group, and every data row's own rows (data_rows, metadata, attachments, which another
 * project's partition may write), are deleted as before.
 */
final class WrittenDataRows {

    private static final int BITS_LOG2 = 25;
    private static final int HASHES = 4;

    private final long[] bits = new long[1 << (BITS_LOG2 - 6)];
    /** The only project whose groups this filter may spare a delete; null: every group (a run). */
    private final String project;

    WrittenDataRows() {
        this(null);
    }

    private WrittenDataRows(String project) {
        this.project = project;
    }

    /** A filter for a sync partition of {@code projectId} that began with no rows of it in any table. */
    static WrittenDataRows forProject(String projectId) {
        return new WrittenDataRows(projectId);
    }

    /** A filter for a run into {@code quotedTables}, when all are empty; else null (delete every group). */
    static WrittenDataRows ifAllEmpty(Connection connection, List<String> quotedTables) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : quotedTables) {
                try (ResultSet any = statement.executeQuery("SELECT 1 FROM " + table + " FETCH FIRST 1 ROWS ONLY")) {
                    if (any.next()) {
                        return null;
                    }
                }
            }
        }
        return new WrittenDataRows();
    }

    /**
     * Whether the group ({@code projectId}, {@code dataRowId}) may hold rows; {@code projectId}
     * null for a data row's own rows (or the no-project group). False only for a group within the
     * filter's scope whose data row was never {@link #add added}.
     */
    boolean mayHold(String projectId, String dataRowId) {
        if (project != null && !project.equals(projectId)) {
            return true;
        }
        return mayHave(dataRowId);
    }

    /** False only when {@code dataRowId} was never {@link #add added}. */
    boolean mayHave(String dataRowId) {
        long hash = hash64(dataRowId);
        for (int i = 0; i < HASHES; i++) {
            int bit = bit(hash, i);
            if ((bits[bit >>> 6] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    void add(String dataRowId) {
        long hash = hash64(dataRowId);
        for (int i = 0; i < HASHES; i++) {
            int bit = bit(hash, i);
            bits[bit >>> 6] |= 1L << bit;
        }
    }

    /** The filter's {@code i}th bit for {@code hash}: double hashing over its two halves. */
    private static int bit(long hash, int i) {
        int h1 = (int) hash;
        int h2 = (int) (hash >>> 32);
        return (h1 + i * h2) >>> (32 - BITS_LOG2);
    }

    /** 64 well-mixed bits of the id (FNV-1a over its characters, then a finalizer): two independent halves. */
    private static long hash64(String id) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            hash = (hash ^ id.charAt(i)) * 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        return hash ^ (hash >>> 33);
    }
}
