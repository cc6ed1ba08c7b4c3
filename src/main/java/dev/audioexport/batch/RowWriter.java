package dev.audioexport.batch;

import dev.audioexport.confinement.ConfinementException;
import dev.audioexport.confinement.ServerPolicy;
import dev.audioexport.sink.CsvSink;
import dev.audioexport.sink.OutputDirectory;
import dev.audioexport.sink.PipelinedSink;
import dev.audioexport.sink.RejectsSink;
import dev.audioexport.sink.SinkException;
import dev.audioexport.sink.TableName;
import dev.audioexport.sink.TableSink;
import dev.audioexport.sink.UrlDataSource;
import dev.audioexport.source.SourcePosition;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the rows to the CSV, the table, or both (one writer per chunk, so it fans out).
 *
 * <p>Each output writes and commits a chunk on a thread of its own while the step reads and maps
 * the next one; the checkpoints (reader's and writer's) therefore stay one chunk behind, at the
 * last chunk every output has committed, and catch up at the end of the input.
 *
 * <p>CSV: its checkpoint is the committed length of the CSV and of the rejects file; both are
 * forced to disk first, and a restart truncates both to it. In a server both files must lie
 * under its output directory ({@link OutputDirectory}).
 *
 * <p>Table: each chunk's rows are committed in the table's own transaction. The job repository
 * is a separate database and transaction here (JBeret SE), so a crash can leave in the table a
 * chunk or two past the saved checkpoint. The restart reads them again and, since every chunk
 * replaces the rows of its (project_id, data_row_id) groups rather than adding rows, writes
 * exactly the same rows over them: the table ends as if each chunk had been written once,
 * without the two commits being atomic. (Where the table and the job repository share one JTA
 * transaction, as a server can arrange, they would commit together.)
 */
@Named
@Dependent
public class RowWriter extends AbstractItemWriter {

    @Inject
    @BatchProperty
    String csv;

    @Inject
    @BatchProperty
    String rejects;

    /** The table's database; its password comes from the environment, never from here. */
    @Inject
    @BatchProperty
    String jdbcUrl;

    @Inject
    @BatchProperty
    String table;

    /** {@code copy} or {@code insert}; empty: the database's default. */
    @Inject
    @BatchProperty
    String tableLoad;

    @Inject
    JobContext job;

    @Inject
    StepContext step;

    private StepOutputs outputs;
    /** The chunk handed to the outputs and not yet known to be committed. */
    private InFlight inFlight;
    /** The checkpoint of the last chunk every output has committed. */
    private OutputCheckpoint committed;

    /** What the checkpoint of a chunk in flight will hold, but for the CSV's committed length. */
    private record InFlight(SourcePosition end, long rejectsLength, ExportTotals totals) {
    }

    @Override
    public void open(Serializable checkpoint) throws Exception {
        OutputCheckpoint resume = (OutputCheckpoint) checkpoint;
        if (isBlank(csv) && isBlank(jdbcUrl)) {
            throw new SinkException("Neither csv nor jdbcUrl is set: the job needs at least one output.");
        }
        outputs = StepOutputs.of(step);
        // The table first: it is the one that can refuse its configuration, and a refusal then
        // leaves the files as they were.
        if (!isBlank(jdbcUrl)) {
            TableSink tableSink = openTable();
            outputs.table = new PipelinedSink(tableSink, "table " + tableSink.table(),
                    "audio-export-table-" + job.getExecutionId());
        }
        if (!isBlank(csv)) {
            outputs.csv = new PipelinedSink(CsvSink.open(OutputDirectory.path("csv", csv), csvLength(resume)),
                    "CSV " + csv,
                    "audio-export-csv-" + job.getExecutionId());
        }
        outputs.rejects = RejectsSink.open(OutputDirectory.path("rejects", rejects),
                resume == null ? null : resume.rejectsLength());
        committed = resume;
        if (resume != null) {
            outputs.restore(resume.totals());
        }
    }

    private static Long csvLength(OutputCheckpoint resume) {
        if (resume != null && resume.csvLength() == null) {
            throw new SinkException("The run started without a CSV; a restart cannot add one. Start a new run.");
        }
        return resume == null ? null : resume.csvLength();
    }

    private TableSink openTable() throws Exception {
        if (UrlDataSource.holdsPassword(jdbcUrl)) {
            throw new SinkException("jdbcUrl holds a password, which must not be a job parameter: set "
                    + UrlDataSource.PASSWORD_VARIABLE + " instead.");
        }
        try {
            // Here and not only in the operator API: a job started any other way (WildFly's
            // management start-job, a restart) must not send the server's account elsewhere either.
            ServerPolicy.configured().checkTableUrl(jdbcUrl);
        } catch (ConfinementException e) {
            throw new SinkException(e.getMessage());
        }
        TableName name;
        TableSink.Load load;
        try {
            name = TableName.parse(table);
            load = TableSink.Load.named(tableLoad);
        } catch (IllegalArgumentException e) {
            throw new SinkException("Job parameter table or tableLoad: " + e.getMessage(), e);
        }
        return TableSink.open(UrlDataSource.fromEnvironment(jdbcUrl), name, load);
    }

    @Override
    public void writeItems(List<Object> items) throws Exception {
        try {
            handOver(items);
        } catch (SinkException e) {
            throw e;
        } catch (Exception e) {
            // Only SinkException is excluded from skipping in the job XML: a write is never skipped.
            throw new SinkException("Could not write the chunk: " + e, e);
        }
    }

    private void handOver(List<Object> items) throws IOException {
        settle();
        List<List<String[]>> lines = new ArrayList<>(items.size());
        for (Object item : items) {
            List<String[]> rows = ((MappedLine) item).rows();
            lines.add(rows);
            outputs.rowsWritten += rows.size();
        }
        // Every line read so far belongs to this chunk: the source's position is its end.
        inFlight = new InFlight(outputs.source.position(), outputs.rejects.commit(), outputs.totals());
        if (outputs.csv != null) {
            outputs.csv.commitInBackground(lines);
        }
        if (outputs.table != null) {
            outputs.table.commitInBackground(lines);
        }
        RunProgress progress = RunProgress.of(job.getExecutionId());
        if (progress != null) {
            progress.rows(outputs.rowsWritten);
        }
    }

    /** Waits for the chunk in flight; once every output has committed it, it is the checkpoint. */
    private void settle() {
        if (inFlight == null) {
            return;
        }
        Long csvLength = outputs.csv == null ? null : outputs.csv.awaitCommitted();
        if (outputs.table != null) {
            outputs.table.awaitCommitted();
        }
        committed = new OutputCheckpoint(csvLength, inFlight.rejectsLength(), inFlight.totals());
        outputs.committedEnd = inFlight.end();
        inFlight = null;
    }

    /**
     * The last chunk every output has committed; at the end of the input, everything (the
     * reader then saves its final position too, and rejects of trailing lines are included).
     */
    @Override
    public Serializable checkpointInfo() throws Exception {
        if (outputs.depleted) {
            settle();
            Long csvLength = null;
            if (outputs.csv != null) {
                outputs.csv.commitInBackground(List.of());  // nothing more to write: commits the header at least
                csvLength = outputs.csv.awaitCommitted();
            }
            committed = new OutputCheckpoint(csvLength, outputs.rejects.commit(), outputs.totals());
        }
        step.setPersistentUserData(committed == null ? ExportTotals.NONE : committed.totals());
        return committed;
    }

    @Override
    public void close() throws Exception {
        if (outputs != null) {
            outputs.close();
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
