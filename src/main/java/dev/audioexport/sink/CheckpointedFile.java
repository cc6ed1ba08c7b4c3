package dev.audioexport.sink;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A UTF-8 text file whose committed length is its checkpoint. A fresh start truncates it to
 * empty; a restart truncates it to the committed length, so bytes written after the last
 * checkpoint (by a run that then failed or died) are dropped and never duplicated.
 */
public final class CheckpointedFile implements Closeable {

    private final Path path;
    private final FileChannel channel;
    private final Writer writer;

    private CheckpointedFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
        this.writer = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                StandardCharsets.UTF_8), 1 << 16);
    }

    /** Opens for a fresh start ({@code committedLength} null) or to resume at a committed length. */
    public static CheckpointedFile open(Path path, Long committedLength) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new SinkException("Output directory " + parent + " does not exist: create it or choose another path.");
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
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

    public Path path() {
        return path;
    }

    /** Text goes through a buffer; nothing is committed until {@link #commit()}. */
    public Writer writer() {
        return writer;
    }

    /** True when nothing has been committed or buffered yet (a header belongs here). */
    public boolean isEmpty() throws IOException {
        return channel.size() == 0;
    }

    /** Flushes, forces the bytes to disk and returns the committed length, the checkpoint. */
    public long commit() throws IOException {
        writer.flush();
        channel.force(false);
        return channel.position();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
