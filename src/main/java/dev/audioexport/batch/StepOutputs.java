package dev.audioexport.batch;

import dev.audioexport.sink.RowSink;
import dev.audioexport.sink.RejectsSink;
import dev.audioexport.sink.BackgroundTableSink;
import dev.audioexport.source.LineSource;
import dev.audioexport.source.SourcePosition;
import jakarta.batch.runtime.context.StepContext;
import java.io.IOException;

/**
 * What the reader, processor, writer and listeners of one step execution share: the open sinks
 * and the running totals. Kept in the step's transient user data; the writer opens and closes it.
 */
final class StepOutputs {

    LineSource source;
    /** The source position at the end of the last chunk handed to the writer. */
    SourcePosition chunkEnd;
    /**
     * The source position at the end of the last chunk that every output has committed: the
     * reader's checkpoint. The same as {@link #chunkEnd} without a table; one chunk behind it
     * while the table commits that chunk in the background.
     */
    SourcePosition committedEnd;
    /** True once the reader has seen the end of the source. */
    boolean depleted;
    RowSink csv;
    RejectsSink rejects;
    BackgroundTableSink table;
    long linesRead;
    long rowsWritten;
    long linesRejected;
    long unknownShapes;

    static StepOutputs of(StepContext step) {
        Object shared = step.getTransientUserData();
        if (shared instanceof StepOutputs outputs) {
            return outputs;
        }
        StepOutputs outputs = new StepOutputs();
        step.setTransientUserData(outputs);
        return outputs;
    }

    void restore(ExportTotals totals) {
        rowsWritten = totals.rowsWritten();
        linesRejected = totals.linesRejected();
        unknownShapes = totals.unknownShapes();
    }

    ExportTotals totals() {
        return new ExportTotals(linesRead, rowsWritten, linesRejected, unknownShapes,
                source == null ? 0 : source.exportErrors());
    }

    /** Called as a chunk is written: every line read so far belongs to it. */
    void chunkWritten() {
        chunkEnd = source.position();
        if (table == null) {
            committedEnd = chunkEnd;
        }
    }

    /** Called when the table has committed every chunk written so far. */
    void tableCommitted() {
        committedEnd = chunkEnd;
    }

    void reject(long lineNumber, long byteOffset, String reason, byte[] raw) throws IOException {
        rejects.reject(lineNumber, byteOffset, reason, raw);
        linesRejected++;
    }

    void close() throws IOException {
        try (RowSink c = csv; RejectsSink r = rejects; BackgroundTableSink t = table) {
            csv = null;
            rejects = null;
            table = null;
        }
    }
}
