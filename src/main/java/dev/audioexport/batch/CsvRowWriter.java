package dev.audioexport.batch;

import dev.audioexport.sink.BackgroundRowSink;
import dev.audioexport.sink.CsvSink;
import dev.audioexport.sink.RejectsSink;
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

/**
 * Writes rows to the CSV, encoding on a thread of its own while the step maps the next chunk.
 * Its checkpoint is the committed length of the CSV and of the rejects file; both are forced
 * to disk first, and a restart truncates both to it.
 */
@Named
@Dependent
public class CsvRowWriter extends AbstractItemWriter {

    @Inject
    @BatchProperty
    String csv;

    @Inject
    @BatchProperty
    String rejects;

    @Inject
    JobContext job;

    @Inject
    StepContext step;

    private StepOutputs outputs;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        OutputCheckpoint resume = (OutputCheckpoint) checkpoint;
        outputs = StepOutputs.of(step);
        outputs.csv = new BackgroundRowSink(CsvSink.open(Path.of(csv), resume == null ? null : resume.csvLength()),
                "audio-export-csv-" + job.getExecutionId());
        outputs.rejects = RejectsSink.open(Path.of(rejects), resume == null ? null : resume.rejectsLength());
        if (resume != null) {
            outputs.restore(resume.totals());
        }
    }

    @Override
    public void writeItems(List<Object> items) throws Exception {
        for (Object item : items) {
            MappedLine line = (MappedLine) item;
            outputs.csv.write(line.rows());
            outputs.rowsWritten += line.rows().size();
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
        return new OutputCheckpoint(outputs.csv.commit(), outputs.rejects.commit(), totals);
    }

    @Override
    public void close() throws Exception {
        if (outputs != null) {
            outputs.close();
        }
    }
}
