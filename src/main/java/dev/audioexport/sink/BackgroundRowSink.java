package dev.audioexport.sink;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Runs another sink's writes on a thread of its own, in order, so that encoding and writing
 * one chunk overlaps with reading and mapping the next (the step itself is single-threaded).
 * At most {@value #MAX_PENDING} writes wait at a time, so memory stays bounded; a commit waits
 * for all of them, so a checkpoint is exactly as durable as with the sink used directly.
 */
public final class BackgroundRowSink implements RowSink {

    static final int MAX_PENDING = 2;

    private final RowSink target;
    private final ExecutorService thread;
    private final Semaphore pending = new Semaphore(MAX_PENDING);
    private volatile Throwable failure;

    public BackgroundRowSink(RowSink target, String threadName) {
        this.target = target;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void write(List<String[]> rows) throws IOException {
        throwIfFailed();
        acquire();
        thread.execute(() -> {
            try {
                if (failure == null) {
                    target.write(rows);
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                pending.release();
            }
        });
    }

    @Override
    public long commit() throws IOException {
        long committed = await(target::commit);
        throwIfFailed();
        return committed;
    }

    @Override
    public void close() throws IOException {
        try {
            await(() -> {
                target.close();
                return null;
            });
        } finally {
            thread.shutdown();
        }
    }

    private <T> T await(Callable<T> task) throws IOException {
        try {
            return thread.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the writer thread");
        } catch (ExecutionException e) {
            throw asIOException(e.getCause());
        }
    }

    private void acquire() throws InterruptedIOException {
        try {
            pending.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the writer thread");
        }
    }

    private void throwIfFailed() throws IOException {
        if (failure != null) {
            throw asIOException(failure);
        }
    }

    private static IOException asIOException(Throwable e) {
        if (e instanceof IOException io) {
            return io;
        }
        if (e instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IOException(e);
    }
}
