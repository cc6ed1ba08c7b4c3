package dev.audioexport.batch;

import dev.audioexport.sink.BackgroundRowSink;
import dev.audioexport.sink.BackgroundTableSink;
import dev.audioexport.sink.CsvSink;
import dev.audioexport.sink.OutputDirectory;
import dev.audioexport.sink.RejectsSink;
import dev.audioexport.sink.SinkException;
import dev.audioexport.sink.TableName;
import dev.audioexport.sink.TableSink;
import dev.audioexport.sink.UrlDataSource;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the rows to the CSV, the table, or both (one writer per chunk, so it fans out).
 *
 * <p>CSV: encoded on a thread of its own while the step maps the next chunk. Its checkpoint is
 * the committed length of the CSV and of the rejects file; both are forced to disk first, and a
 * restart truncates both to it. In a server both files must lie under its output directory
 * ({@link OutputDirectory}).
 *
 * <p>Table: each chunk's rows are committed in the table's own transaction, on a thread of its
 * own while the step reads the next chunk; the checkpoints (reader's and writer's) therefore
 * stay one chunk behind, at the last chunk the table has committed, and catch up at the end of
 * the input. The job repository is a separate database and transaction here (JBeret SE), so a
 * crash can leave in the table a chunk or two past the saved checkpoint. The restart reads them
 * again and, since every chunk replaces the rows of its (project_id, data_row_id) groups rather
 * than adding rows, writes exactly the same rows over them: the table ends as if each chunk had
 * been written once, without the two commits being atomic. (Where the table and the job
 * repository share one JTA transaction, as a server can arrange, they would commit together.)
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
    /** The checkpoint of the end of the last chunk, and of the last chunk the table has committed. */
    private OutputCheckpoint lastChunk;
    private OutputCheckpoint lastCommitted;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        OutputCheckpoint resume = (OutputCheckpoint) checkpoint;
        if (isBlank(csv) && isBlank(jdbcUrl)) {
            throw new SinkException("Neither csv nor jdbcUrl is set: the job needs at least one output.");
        }
        outputs = StepOutputs.of(step);
        if (!isBlank(csv)) {
            outputs.csv = new BackgroundRowSink(CsvSink.open(OutputDirectory.path("csv", csv), csvLength(resume)),
                    "audio-export-csv-" + job.getExecutionId());
        }
        outputs.rejects = RejectsSink.open(OutputDirectory.path("rejects", rejects),
                resume == null ? null : resume.rejectsLength());
        if (!isBlank(jdbcUrl)) {
            outputs.table = new BackgroundTableSink(openTable(), "audio-export-table-" + job.getExecutionId());
        }
        lastChunk = resume;
        lastCommitted = resume;
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
        TableName name;
        TableSink.Load load;
        try {
            name = TableName.parse(table);
            load = isBlank(tableLoad) ? null : TableSink.Load.valueOf(tableLoad.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SinkException("Job parameter table or tableLoad: " + e.getMessage(), e);
        }
        return TableSink.open(UrlDataSource.fromEnvironment(jdbcUrl), name, load);
    }

    @Override
    public void writeItems(List<Object> items) throws Exception {
        if (outputs.table != null) {
            awaitTable();
        }
        List<List<String[]>> lines = new ArrayList<>(items.size());
        for (Object item : items) {
            List<String[]> rows = ((MappedLine) item).rows();
            if (outputs.csv != null) {
                outputs.csv.write(rows);
            }
            lines.add(rows);
            outputs.rowsWritten += rows.size();
        }
        outputs.chunkWritten();
        if (outputs.table != null) {
            outputs.table.commitInBackground(lines);
        }
        RunProgress progress = RunProgress.of(job.getExecutionId());
        if (progress != null) {
            progress.rows(outputs.rowsWritten);
        }
    }

    /** Waits for the table's chunk in flight; everything up to the last checkpoint is then committed. */
    private void awaitTable() {
        outputs.table.awaitCommitted();
        outputs.tableCommitted();
        lastCommitted = lastChunk;
    }

    /** This chunk's end, or with a table the last chunk it has committed; at the end of the input, all of it. */
    @Override
    public Serializable checkpointInfo() throws Exception {
        if (outputs.table != null && outputs.depleted) {
            outputs.table.awaitCommitted();
            outputs.tableCommitted();
        }
        Long csvLength = outputs.csv == null ? null : outputs.csv.commit();
        lastChunk = new OutputCheckpoint(csvLength, outputs.rejects.commit(), outputs.totals());
        OutputCheckpoint saved = outputs.table == null || outputs.depleted ? lastChunk : lastCommitted;
        step.setPersistentUserData(saved == null ? ExportTotals.NONE : saved.totals());
        return saved;
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
