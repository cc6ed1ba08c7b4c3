package dev.audioexport.operations;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Proof that the process running an execution is alive: it holds an OS lock on a file named by
 * the run's token (a job parameter) for as long as it runs. The OS drops the lock when the
 * process dies in any way, {@code kill -9} included, so a free lock means a dead run.
 */
public final class RunLock implements AutoCloseable {

    public static final String TOKEN_PARAMETER = dev.audioexport.liveness.DatabaseRunLock.TOKEN_PARAMETER;

    private final String token;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(String token, Path file, FileChannel channel, FileLock lock) {
        this.token = token;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of a new run token. */
    public static RunLock acquire(Path directory) throws IOException {
        Files.createDirectories(directory);
        String token = UUID.randomUUID().toString();
        Path file = file(directory, token);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        return new RunLock(token, file, channel, channel.lock());
    }

    /** True when a live process (this one included) holds the lock of {@code token}. */
    public static boolean isHeld(Path directory, String token) throws IOException {
        if (token == null) {
            return false;
        }
        Path file = file(directory, token);
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    private static Path file(Path directory, String token) {
        if (!token.matches("[0-9a-f-]{36}")) {
            throw new IllegalArgumentException("Not a run token: " + token);
        }
        return directory.resolve(token + ".lock");
    }

    public String token() {
        return token;
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
        Files.deleteIfExists(file);
    }
}
