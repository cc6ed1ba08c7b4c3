package dev.audioexport.server;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;

/**
 * Reads the numbers 1 to {@code count}, for a partitioned test job: the export's own artifacts do
 * not run in partitions yet, and the console's partition view only needs each partition's metrics.
 */
@Named
@Dependent
public class CountingReader extends AbstractItemReader {

    @Inject
    @BatchProperty
    String count;

    private int next;

    @Override
    public void open(Serializable checkpoint) {
        next = checkpoint == null ? 1 : (Integer) checkpoint;
    }

    @Override
    public Object readItem() {
        return next <= Integer.parseInt(count) ? next++ : null;
    }

    @Override
    public Serializable checkpointInfo() {
        return next;
    }
}
