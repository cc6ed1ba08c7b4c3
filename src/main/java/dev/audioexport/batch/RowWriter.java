package dev.audioexport.batch;

import dev.audioexport.sink.BackgroundRowSink;
import dev.audioexport.sink.CsvSink;
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
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the rows to the CSV, the table, or both (one writer per chunk, so it fans out).
 *
 * <p>CSV: encoded on a thread of its own while the step maps the next chunk. Its checkpoint is
 * the committed length of the CSV and of the rejects file; both are forced to disk first, and a
 * restart truncates both to it.
 *
 * <p>Table: each chunk's rows are committed in the table's own transaction at the end of
 * {@link #writeItems}, before JBeret saves the chunk's checkpoint in the job repository, a
 * separate database and transaction here (JBeret SE). A crash between the two leaves a chunk in
 * the table whose checkpoint was not saved; the restart reads that chunk again and, since every
 * chunk replaces the rows of its (project_id, data_row_id) groups rather than adding rows, writes
 * exactly the same rows over them. So the table ends as if each chunk had been written once,
 * without the two commits being atomic. (Where the table and the job repository share one JTA
 * transaction, as a server can arrange, they commit together.)
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

    @Override
    public void open(Serializable checkpoint) throws Exception {
        OutputCheckpoint resume = (OutputCheckpoint) checkpoint;
        if (isBlank(csv) && isBlank(jdbcUrl)) {
            throw new SinkException("Neither csv nor jdbcUrl is set: the job needs at least one output.");
        }
        outputs = StepOutputs.of(step);
        if (!isBlank(csv)) {
            outputs.csv = new BackgroundRowSink(CsvSink.open(Path.of(csv), csvLength(resume)),
                    "audio-export-csv-" + job.getExecutionId());
        }
        outputs.rejects = RejectsSink.open(Path.of(rejects), resume == null ? null : resume.rejectsLength());
        if (!isBlank(jdbcUrl)) {
            outputs.table = openTable();
        }
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
        for (Object item : items) {
            MappedLine line = (MappedLine) item;
            if (outputs.csv != null) {
                outputs.csv.write(line.rows());
            }
            if (outputs.table != null) {
                outputs.table.write(line.rows());
            }
            outputs.rowsWritten += line.rows().size();
        }
        if (outputs.table != null) {
            outputs.table.commit();
        }
        outputs.chunkWritten();
        RunProgress progress = RunProgress.of(job.getExecutionId());
        if (progress != null) {
            progress.rows(outputs.rowsWritten);
        }
    }

    @Override
    public Serializable checkpointInfo() throws Exception {
        ExportTotals totals = outputs.totals();
        step.setPersistentUserData(totals);
        Long csvLength = outputs.csv == null ? null : outputs.csv.commit();
        return new OutputCheckpoint(csvLength, outputs.rejects.commit(), totals);
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
