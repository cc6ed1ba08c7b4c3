package dev.audioexport.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractCheckpointAlgorithm;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Ends a chunk at {@code chunkSize} lines or once its lines hold {@code chunkBytes}, whichever
 * comes first. A line count alone makes chunks of 10 MB and more on long lines, and
 * a crash redoes up to two chunks (the outputs commit one while the next is read).
 *
 * <p>Both limits have a ceiling: two chunks and their rows are held in memory at once (one
 * mapped while the other is written), so an unbounded chunk would let a parameter hold the
 * whole source in the heap. A line longer than {@link #MAX_BYTES} still makes a chunk of its own.
 */
@Named
@Dependent
public class ChunkBoundary extends AbstractCheckpointAlgorithm {

    static final int DEFAULT_LINES = 1000;
    static final long DEFAULT_BYTES = 4L << 20;
    /** Enough for the bytes limit to end every chunk of real lines; bounds the per-line overhead of tiny ones. */
    public static final int MAX_LINES = 100_000;
    /** Two chunks of this and their rows fit the launcher's heap with room for a 64 MB line. */
    static final long MAX_BYTES = 16L << 20;

    @Inject
    @BatchProperty
    String chunkSize;

    @Inject
    @BatchProperty
    String chunkBytes;

    @Inject
    StepContext step;

    private int maxLines;
    private long maxBytes;
    private long startLines;
    private long startBytes;

    @Override
    public void beginCheckpoint() {
        if (maxLines == 0) {
            maxLines = (int) positive("chunkSize", chunkSize, DEFAULT_LINES, MAX_LINES);
            maxBytes = positive("chunkBytes", chunkBytes, DEFAULT_BYTES, MAX_BYTES);
        }
        StepOutputs outputs = StepOutputs.of(step);
        startLines = outputs.lineCount;
        startBytes = outputs.lineBytes;
    }

    /** JBeret's own default for a chunk's transaction, which a custom algorithm replaces (0: the server's). */
    @Override
    public int checkpointTimeout() {
        return 180;
    }

    /** Counted by the reader: JBeret asks only after lines that were not skipped. */
    @Override
    public boolean isReadyToCheckpoint() {
        StepOutputs outputs = StepOutputs.of(step);
        return outputs.lineCount - startLines >= maxLines || outputs.lineBytes - startBytes >= maxBytes;
    }

    private static long positive(String name, String value, long otherwise, long max) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number > 0 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("job parameter " + name + " must be a whole number from 1 to " + max
                + ", not '" + value + "'");
    }
}
