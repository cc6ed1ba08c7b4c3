package dev.audioexport.sink;

import dev.audioexport.mapping.LineRows;
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
 * A {@link RowSink} whose chunks are written and committed on a thread of its own, one chunk
 * in flight at a time, so that the CSV encodes (or the database loads) one chunk while the step
 * reads and maps the next: on two cores that is what lets both work at once. A chunk counts as
 * written only once {@link #awaitCommitted()} has returned after it; until then its caller must
 * not checkpoint it.
 */
public final class PipelinedSink implements Closeable {

    private static final Logger LOG = Logger.getLogger(PipelinedSink.class.getName());

    private final RowSink sink;
    private final String name;
    private final ExecutorService thread;
    private Future<Long> inFlight;
    private long committed;
    /** Once a chunk failed, the sink is broken for good: nothing after it may count as committed. */
    private SinkException failure;

    /** {@code name} says which output this is in messages ("CSV out.csv", "table t"). */
    public PipelinedSink(RowSink sink, String name, String threadName) {
        this.sink = sink;
        this.name = name;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Waits for the chunk in flight, then hands over the next one: its rows, line by line. */
    public void commitInBackground(List<LineRows> lines) {
        awaitCommitted();
        if (failure != null) {
            throw failure;
        }
        inFlight = thread.submit(() -> {
            for (LineRows line : lines) {
                sink.write(line);
            }
            return sink.commit();
        });
    }

    /**
     * Waits until the last chunk handed over is committed and returns what the sink's commit
     * returned (the CSV's committed length); throws if it failed.
     */
    public long awaitCommitted() {
        if (failure != null) {
            throw failure;
        }
        if (inFlight == null) {
            return committed;
        }
        try {
            committed = inFlight.get();
            return committed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("Interrupted while waiting for the " + name + " to commit", e);
        } catch (ExecutionException e) {
            failure = e.getCause() instanceof SinkException failed ? failed
                    : new SinkException("Could not write to the " + name + ": " + e.getCause(), e.getCause());
            throw failure;
        } finally {
            inFlight = null;
        }
    }

    /**
     * Lets a chunk in flight end before the sink closes. Its failure is only logged: the step is
     * ending anyway, and that chunk was not checkpointed, so a restart writes it again.
     */
    @Override
    public void close() throws IOException {
        try {
            awaitCommitted();
        } catch (SinkException e) {
            LOG.log(Level.WARNING, "The last chunk's commit to the " + name + " failed while the step ended; "
                    + "a restart writes it again", e);
        } finally {
            thread.shutdown();
            sink.close();
        }
    }
}
