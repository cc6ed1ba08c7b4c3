package dev.audioexport.server;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Named;
import java.util.List;

/** Writes nowhere: the partitioned test job is about metrics, not output. */
@Named
@Dependent
public class DiscardingWriter extends AbstractItemWriter {

    @Override
    public void writeItems(List<Object> items) {
        // counted by the runtime as WRITE_COUNT; nothing else to do
    }
}
