package dev.audioexport.batch;

import dev.audioexport.sink.PipelinedSink;
import dev.audioexport.sink.RejectsSink;
import dev.audioexport.source.ExportLine;
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
    /**
     * The source position at the end of the last chunk that every output has committed: the
     * reader's checkpoint. One chunk behind the reader while the outputs commit that chunk in
     * the background.
     */
    SourcePosition committedEnd;
    /**
     * The line the reader returned last, null while it is reading the next one: a read that fails
     * (in the source or a read listener) and is skipped is recorded with it (see {@link SkipRecorder}).
     */
    ExportLine lastRead;
    /** True once the reader has seen the end of the source. */
    boolean depleted;
    PipelinedSink csv;
    RejectsSink rejects;
    PipelinedSink table;
    long linesRead;
    /** Lines (blank ones aside) and their bytes read in this step execution, for {@link ChunkBoundary}. */
    long lineCount;
    long lineBytes;
    long rowsWritten;
    long linesRejected;
    /** Rejected lines the whole run tolerates (set before the step starts). */
    long skipLimit = Long.MAX_VALUE;
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

    /** Records a rejected line; one past the skip limit, counted since the run began, fails the run. */
    void reject(long lineNumber, long byteOffset, String reason, byte[] raw) throws IOException {
        rejects.reject(lineNumber, byteOffset, reason, raw);
        if (++linesRejected > skipLimit) {
            throw new SkipLimitExceededException(lineNumber, reason);
        }
    }

    void close() throws IOException {
        try (PipelinedSink c = csv; RejectsSink r = rejects; PipelinedSink t = table) {
            csv = null;
            rejects = null;
            table = null;
        }
    }
}
