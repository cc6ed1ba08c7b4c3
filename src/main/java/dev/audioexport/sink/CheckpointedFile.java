package dev.audioexport.sink;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file of bytes whose committed length is its checkpoint. A fresh start truncates it to
 * empty; a restart truncates it to the committed length, so bytes written after the last
 * checkpoint (by a run that then failed or died) are dropped and never duplicated. Writes go
 * through a plain buffer: no locking, no charset encoder, as the CSV hot path needs.
 */
public final class CheckpointedFile implements Closeable {

    private static final int BUFFER_SIZE = 1 << 18;

    private final Path path;
    private final FileChannel channel;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int buffered;

    private CheckpointedFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Opens for a fresh start ({@code committedLength} null) or to resume at a committed length. */
    public static CheckpointedFile open(Path path, Long committedLength) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new SinkException("Output directory " + parent + " does not exist: create it or choose another path.");
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            // a device or a pipe cannot be truncated to a checkpoint (and opening a pipe waits for a reader)
            throw new SinkException("Output file " + path + " is not a regular file: choose a file's path.");
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (FileSystemException e) {
            // its message is often the bare path
            String why = e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof NoSuchFileException ? "it cannot be created there"
                    : e.getReason() != null ? e.getReason() : e.toString();
            throw new SinkException("Cannot write output file " + path + ": " + why + ".", e);
        }
        try {
            lock(path, channel);
            long keep = committedLength == null ? 0 : committedLength;
            if (channel.size() < keep) {
                throw new SinkException("Output file " + path + " is shorter (" + channel.size()
                        + " bytes) than its checkpoint (" + keep + " bytes): it was changed or replaced since the run "
                        + "stopped, so a restart cannot continue it. Restore it, or start a new run.");
            }
            channel.truncate(keep);
            channel.position(keep);
            return new CheckpointedFile(path, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Two runs writing one file interleave their bytes and both end COMPLETED: the second is
     * refused. The lock goes with the channel, or with the process when it is killed.
     */
    private static void lock(Path path, FileChannel channel) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;  // held in this JVM: another run in the same server
        }
        if (lock == null) {
            throw new SinkException("Output file " + path + " is being written by another run; wait for it to end, "
                    + "or choose another file.");
        }
    }

    public Path path() {
        return path;
    }

    /** True when nothing has been written at all (a header belongs here). */
    public boolean isEmpty() throws IOException {
        return buffered == 0 && channel.position() == 0;
    }

    public void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (length > buffer.length - buffered) {
            drain();
            if (length > buffer.length) {
                channel.write(ByteBuffer.wrap(bytes, offset, length));
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, buffered, length);
        buffered += length;
    }

    public void write(byte b) throws IOException {
        if (buffered == buffer.length) {
            drain();
        }
        buffer[buffered++] = b;
    }

    /** Writes out the buffer, forces the bytes to disk and returns the committed length, the checkpoint. */
    public long commit() throws IOException {
        drain();
        channel.force(false);
        return channel.position();
    }

    private void drain() throws IOException {
        ByteBuffer pending = ByteBuffer.wrap(buffer, 0, buffered);
        while (pending.hasRemaining()) {
            channel.write(pending);
        }
        buffered = 0;
    }

    /** Writes out what is buffered (without forcing it) and closes; a restart truncates it anyway. */
    @Override
    public void close() throws IOException {
        try {
            drain();
        } finally {
            channel.close();
        }
    }
}
