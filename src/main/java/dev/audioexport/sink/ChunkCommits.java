package dev.audioexport.sink;

import dev.audioexport.mapping.LineRows;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commit protocol of N outputs, plain Java: each chunk is handed to every output (each
 * writes and commits it on its own thread, {@link PipelinedSink}); a chunk counts as committed
 * only once every output has committed it, and only then is its checkpoint given back, with the
 * committed length of every file. One chunk is in flight at a time, so the checkpoints stay one
 * chunk behind the reader and catch up at {@link #finish}. The batch writer only stores what
 * this returns; tests drive it directly, crash included (close without finish).
 *
 * @param <M> what the caller checkpoints with a chunk (source position, totals), given back with it
 */
public final class ChunkCommits<M> implements Closeable {

    private final Map<String, PipelinedSink> files;
    private final List<PipelinedSink> others;
    private M inFlight;

    /** A committed chunk: every file's committed length by name, and the caller's marker. */
    public record Committed<M>(Map<String, Long> lengths, M marker) {
    }

    /**
     * {@code files}: the outputs whose commit returns a length to checkpoint, by name;
     * {@code others}: outputs that need none (a table replaces what a restart writes again).
     */
    public ChunkCommits(Map<String, PipelinedSink> files, List<PipelinedSink> others) {
        this.files = new LinkedHashMap<>(files);
        this.others = new ArrayList<>(others);
    }

    /**
     * Waits for the chunk in flight (the one before), then hands this one to every output.
     * Returns the chunk now known to be committed, or null when none was in flight.
     */
    public Committed<M> handOver(List<LineRows> lines, M marker) {
        Committed<M> settled = settle();
        for (PipelinedSink file : files.values()) {
            file.commitInBackground(lines);
        }
        for (PipelinedSink other : others) {
            other.commitInBackground(lines);
        }
        inFlight = marker;
        return settled;
    }

    /** Waits until every output has committed the chunk in flight and returns it; null when none is. */
    public Committed<M> settle() {
        if (inFlight == null) {
            return null;
        }
        Map<String, Long> lengths = awaitFiles();
        for (PipelinedSink other : others) {
            other.awaitCommitted();
        }
        Committed<M> settled = new Committed<>(lengths, inFlight);
        inFlight = null;
        return settled;
    }

    /**
     * At the end of the input: settles the chunk in flight and commits every file once more
     * (a file that got no row still gets its header), so that the result is the whole output.
     */
    public Committed<M> finish(M marker) {
        settle();
        for (PipelinedSink file : files.values()) {
            file.commitInBackground(List.of());
        }
        // A table commits nothing then, unless it has more to record at the end (a sync's watermark).
        for (PipelinedSink other : others) {
            other.commitInBackground(List.of());
        }
        Map<String, Long> lengths = awaitFiles();
        for (PipelinedSink other : others) {
            other.awaitCommitted();
        }
        return new Committed<>(lengths, marker);
    }

    private Map<String, Long> awaitFiles() {
        Map<String, Long> lengths = new LinkedHashMap<>();
        files.forEach((name, file) -> lengths.put(name, file.awaitCommitted()));
        return lengths;
    }

    /** Lets the chunk in flight end and closes every output; what was not settled is not committed. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        List<PipelinedSink> all = new ArrayList<>(others);
        all.addAll(files.values());
        for (PipelinedSink sink : all) {
            try {
                sink.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
