package dev.audioexport.sink;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link TableSink} whose commits run on a thread of their own, one at a time, so that the
 * database loads one chunk while the step reads and maps the next (on two cores, that roughly
 * halves the time of a run into PostgreSQL). A chunk counts as written only once
 * {@link #awaitCommitted()} has returned after it; until then its caller must not checkpoint it.
 */
public final class BackgroundTableSink implements Closeable {

    private static final Logger LOG = Logger.getLogger(BackgroundTableSink.class.getName());

    private final TableSink sink;
    private final ExecutorService thread;
    private Future<Long> inFlight;

    public BackgroundTableSink(TableSink sink, String threadName) {
        this.sink = sink;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    public TableSink sink() {
        return sink;
    }

    /** Waits for the chunk in flight, then hands over the rows of the next one, line by line. */
    public void commitInBackground(List<List<String[]>> lines) {
        awaitCommitted();
        for (List<String[]> rows : lines) {
            sink.write(rows);
        }
        inFlight = thread.submit(sink::commit);
    }

    /** Waits until the last chunk handed over is committed; throws if its commit failed (it was rolled back). */
    public void awaitCommitted() {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("Interrupted while waiting for the table's commit", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SinkException failed ? failed
                    : new SinkException("The table's commit failed: " + e.getCause(), e.getCause());
        } finally {
            inFlight = null;
        }
    }

    /**
     * Lets a chunk in flight end before the connection closes. Its failure is only logged: the
     * step is ending anyway, and that chunk was not checkpointed, so a restart writes it again.
     */
    @Override
    public void close() throws IOException {
        try {
            awaitCommitted();
        } catch (SinkException e) {
            LOG.log(Level.WARNING, "The last chunk's commit failed while the step ended; a restart writes it again", e);
        } finally {
            thread.shutdown();
            sink.close();
        }
    }
}
