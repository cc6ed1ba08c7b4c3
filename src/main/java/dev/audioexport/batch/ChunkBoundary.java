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
 */
@Named
@Dependent
public class ChunkBoundary extends AbstractCheckpointAlgorithm {

    static final int DEFAULT_LINES = 1000;
    static final long DEFAULT_BYTES = 4L << 20;

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
            maxLines = (int) positive("chunkSize", chunkSize, DEFAULT_LINES, Integer.MAX_VALUE);
            maxBytes = positive("chunkBytes", chunkBytes, DEFAULT_BYTES, Long.MAX_VALUE);
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
