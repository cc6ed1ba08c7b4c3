package dev.audioexport.batch;

import dev.audioexport.mapping.CompanionTable;
import dev.audioexport.sink.ChunkCommits;
import dev.audioexport.sink.ProjectSync;
import dev.audioexport.sink.RejectsSink;
import dev.audioexport.source.ExportLine;
import dev.audioexport.source.LineSource;
import dev.audioexport.source.SourcePosition;
import jakarta.batch.runtime.context.StepContext;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * What the reader, processor, writer and listeners of one step execution share: the open sinks
 * and the running totals. Kept in the step's transient user data; the writer opens and closes it.
 */
final class StepOutputs {

    LineSource source;
    /** In a sync's partition: the project's claim (lock, watermark, marks), whose connection the table writes on. */
    ProjectSync sync;
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
    /** The CSV files and the table, committed chunk by chunk; see {@link ChunkCommits}. */
    ChunkCommits<?> commits;
    RejectsSink rejects;
    /** True when a database table is written: its values are checked against the table's types. */
    boolean writesTable;
    /** The companion tables written beside the long table (none for a CSV alone); set when the writer opens. */
    Set<CompanionTable> companions = Set.of();
    /** Rows handed to the outputs per companion table, since the run began (restarts included). */
    final Map<CompanionTable, Long> companionRows = new EnumMap<>(CompanionTable.class);
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
        try (ChunkCommits<?> c = commits; RejectsSink r = rejects) {
            commits = null;
            rejects = null;
        } finally {
            closeSync();
        }
    }

    /** Releases the project's lock (closing its connection; a table sink on it may have closed it already). */
    void closeSync() throws IOException {
        if (sync != null) {
            try {
                sync.close();
            } catch (java.sql.SQLException e) {
                throw new IOException("Could not close the connection of " + sync + ": " + e.getMessage(), e);
            } finally {
                sync = null;
            }
        }
    }
}
