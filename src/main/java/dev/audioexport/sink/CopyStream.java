package dev.audioexport.sink;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The bytes of one COPY ... FROM STDIN, gathered in a buffer of its own and handed to the driver
 * 256 kB at a time. Not synchronized, unlike the BufferedOutputStream over PGCopyOutputStream it
 * replaces: a row of the long table is some 70 writes, and a lock taken by each of them cost the
 * table's thread a measurable part of its time. The server parses each piece while the next is
 * encoded (the connection streams it), so encoding and loading overlap.
 */
final class CopyStream extends OutputStream {

    /** Where full buffers go: the driver's COPY, or anything else in tests. */
    interface Target {
        void write(byte[] bytes, int length) throws IOException;
    }

    private static final int SIZE = 1 << 18;

    private final Target target;
    /** The driver's COPY behind {@code target}; null in tests. */
    private final CopyIn copy;
    private final byte[] buffer = new byte[SIZE];
    private int used;

    /** Bytes to {@code target} alone (tests): {@link #finish} and {@link #cancel} need {@link #start}. */
    CopyStream(Target target) {
        this(target, null);
    }

    private CopyStream(Target target, CopyIn copy) {
        this.target = target;
        this.copy = copy;
    }

    /** Starts {@code sql} (a COPY ... FROM STDIN) on {@code connection}; {@link #finish} or {@link #cancel} ends it. */
    static CopyStream start(Connection connection, String sql) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        return new CopyStream((bytes, length) -> {
            try {
                copy.writeToCopy(bytes, 0, length);
            } catch (SQLException e) {
                throw new IOException(e);  // as PGCopyOutputStream did: SqlDatabase.errorOf finds it
            }
        }, copy);
    }

    @Override
    public void write(int b) throws IOException {
        if (used == SIZE) {
            drain();
        }
        buffer[used++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (length > SIZE - used) {
            drain();
            if (length > SIZE) {
                target.write(offset == 0 ? bytes : Arrays.copyOfRange(bytes, offset, offset + length), length);
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, used, length);
        used += length;
    }

    void writeShort(int value) throws IOException {
        if (SIZE - used < 2) {
            drain();
        }
        buffer[used++] = (byte) (value >>> 8);
        buffer[used++] = (byte) value;
    }

    void writeInt(int value) throws IOException {
        if (SIZE - used < 4) {
            drain();
        }
        buffer[used++] = (byte) (value >>> 24);
        buffer[used++] = (byte) (value >>> 16);
        buffer[used++] = (byte) (value >>> 8);
        buffer[used++] = (byte) value;
    }

    void writeLong(long value) throws IOException {
        writeInt((int) (value >>> 32));
        writeInt((int) value);
    }

    /** Hands what is buffered to the target (the driver may still hold it in its own buffer). */
    @Override
    public void flush() throws IOException {
        drain();
    }

    private void drain() throws IOException {
        if (used > 0) {
            target.write(buffer, used);
            used = 0;
        }
    }

    /** Sends what is left and ends the COPY; returns the rows the server took (after it has taken them all). */
    long finish() throws IOException, SQLException {
        drain();
        return copy.endCopy();
    }

    /** Ends a COPY that did not finish (a value failed, the connection broke): the server discards it. */
    void cancel() throws SQLException {
        if (copy != null && copy.isActive()) {
            copy.cancelCopy();
        }
    }
}
