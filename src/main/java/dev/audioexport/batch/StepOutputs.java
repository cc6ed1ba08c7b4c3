package dev.audioexport.batch;

import dev.audioexport.sink.RowSink;
import dev.audioexport.sink.RejectsSink;
import dev.audioexport.sink.TableSink;
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
    RowSink csv;
    RejectsSink rejects;
    TableSink table;
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
    }

    void reject(long lineNumber, long byteOffset, String reason, byte[] raw) throws IOException {
        rejects.reject(lineNumber, byteOffset, reason, raw);
        linesRejected++;
    }

    void close() throws IOException {
        try (RowSink c = csv; RejectsSink r = rejects; TableSink t = table) {
            csv = null;
            rejects = null;
            table = null;
        }
    }
}
