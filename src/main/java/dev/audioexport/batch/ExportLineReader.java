package dev.audioexport.batch;

import dev.audioexport.confinement.ServerPolicy;
import dev.audioexport.sink.OutputDirectory;
import dev.audioexport.sink.OutputManifest;
import dev.audioexport.sink.ProjectSync;
import dev.audioexport.sink.TableName;
import dev.audioexport.sink.UrlDataSource;
import dev.audioexport.source.ExportLine;
import dev.audioexport.source.LineSource;
import dev.audioexport.source.SourceException;
import dev.audioexport.source.SourceOptions;
import dev.audioexport.source.SourceParameters;
import dev.audioexport.source.SourcePosition;
import dev.audioexport.source.Sources;
import dev.audioexport.source.labelbox.LabelboxLineSource;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Streams the export's lines; its checkpoint is the source's position (offset, line, identity)
 * at the end of the last chunk every output has committed (see {@link RowWriter}). The step's properties tune network sources (filters,
 * polling, retries: see the job XML).
 */
@Named
@Dependent
public class ExportLineReader extends AbstractItemReader {

    private static final Logger LOG = Logger.getLogger(ExportLineReader.class.getName());

    @Inject
    @BatchProperty
    String source;

    @Inject
    @BatchProperty
    String exportErrors;

    /** The output directory, if any: the source may write into it (the errors stream) before the writer opens. */
    @Inject
    @BatchProperty
    String outputDir;

    /** In a sync's partition: the project synced (the source is labelbox:<it>); empty otherwise. */
    @Inject
    @BatchProperty
    String syncProject;

    /** A sync's table database and name, --full, and overlap (minutes) of an incremental export. */
    @Inject
    @BatchProperty
    String jdbcUrl;

    @Inject
    @BatchProperty
    String table;

    @Inject
    @BatchProperty
    String full;

    @Inject
    @BatchProperty
    String overlapMinutes;

    @Inject
    JobContext job;

    @Inject
    StepContext step;

    private LineSource lines;
    private StepOutputs outputs;
    private RunProgress progress;

    @Override
    public void open(Serializable checkpoint) throws Exception {
        progress = RunProgress.start(job.getExecutionId());
        // In a server, what the source may read is checked here, where it is opened, whoever started the job.
        ServerPolicy policy = ServerPolicy.configured();
        outputs = StepOutputs.of(step);
        Properties parameters = step.getProperties();
        if (isSync()) {
            try {
                parameters = syncParameters(parameters, checkpoint == null);
            } catch (Exception e) {
                LOG.log(Level.SEVERE, "Sync failed: " + SyncFailures.named(syncProject, e), e);
                SyncFailures.partitionFailed(step, syncProject, e);
                outputs.closeSync();
                throw e;
            }
        }
        SourceOptions options = new SourceOptions(
                SourceParameters.of(LabelboxLineSource.withIdFiles(parameters, policy)),
                exportErrors == null || exportErrors.isBlank() ? null : OutputDirectory.path("exportErrors", exportErrors),
                progress::waiting,
                () -> job.getBatchStatus() == BatchStatus.STOPPING,
                policy);
        prepareOutputDirectory();
        try {
            lines = Sources.open(source, (SourcePosition) checkpoint, options);
            if (outputs.sync != null && checkpoint != null) {
                outputs.sync.checkResumable(lines.exportTaskId(), lines.exportTaskCreatedAt());
            }
        } catch (Exception e) {
            outputs.closeSync();  // the project's lock goes now, not when the step's resources are closed
            if (isSync()) {
                LOG.log(Level.SEVERE, "Sync failed: " + SyncFailures.named(syncProject, e), e);
                SyncFailures.partitionFailed(step, syncProject, e);
                throw new SourceException(SyncFailures.named(syncProject, e), e);
            }
            throw e;
        }
        if (checkpoint != null) {
            LOG.log(Level.INFO, "Resuming {0} after line {1} ({2} bytes in)", new Object[] {
                    lines.description(), lines.position().lineNumber(), lines.bytesConsumed()});
        }
        outputs.source = lines;
        outputs.committedEnd = (SourcePosition) checkpoint;
        outputs.linesRead = lines.position().lineNumber();
    }

    /**
     * The reader opens before the writer, and a labelbox: source writes its errors stream while
     * opening: the output directory must exist by then, and an earlier run's manifest be gone
     * before any file in it changes.
     */
    private void prepareOutputDirectory() throws IOException {
        if (outputDir != null && !outputDir.isBlank()) {
            Path directory = OutputDirectory.path("outputDir", outputDir);
            Files.createDirectories(directory);
            OutputManifest.removeStale(directory);
        }
    }

    private boolean isSync() {
        return syncProject != null && !syncProject.isBlank();
    }

    /**
     * Claims the project (its lock, before any export task is created) and asks for the rows
     * active since its watermark less the overlap; a full sync asks for all. A restart with a
     * checkpoint reuses its export task, so the filter only matters for a fresh start.
     */
    private Properties syncParameters(Properties stepProperties, boolean fresh) throws Exception {
        outputs.sync = ProjectSync.claim(UrlDataSource.fromEnvironment(jdbcUrl), TableName.parse(table), syncProject,
                Boolean.parseBoolean(full), fresh);
        if (exportErrors != null && !exportErrors.isBlank()) {
            // Missing when the partition resumes on another node than the one that started it.
            Files.createDirectories(OutputDirectory.path("exportErrors", exportErrors).toAbsolutePath()
                    .getParent());
        }
        Properties parameters = new Properties();
        parameters.putAll(stepProperties);
        parameters.setProperty(LabelboxLineSource.SYNC_PROJECT, syncProject);  // messages then say to start over with 'sync'
        String since = outputs.sync.lastActivityFrom(Duration.ofMinutes(Long.parseLong(overlapMinutes.strip())));
        parameters.setProperty("lastActivityFrom", since == null ? "" : since);
        LOG.log(Level.INFO, "Project {0}: {1}", new Object[] {syncProject, since == null
                ? "full sync (" + (outputs.sync.watermark() == null ? "no watermark yet" : "--full") + ")"
                : "incremental sync of rows active since " + since + " (watermark " + outputs.sync.watermark() + ")"});
        return parameters;
    }

    @Override
    public ExportLine readItem() throws Exception {
        outputs.lastRead = null;
        ExportLine line = lines.next();
        outputs.lastRead = line;
        // A line's number counts the blank lines before it; only at the end is the position needed.
        outputs.linesRead = line != null ? line.lineNumber() : lines.position().lineNumber();
        if (line != null) {
            outputs.lineCount++;
            outputs.lineBytes += line.bytes().length;
        }
        progress.source(outputs.linesRead, lines.bytesConsumed(), lines.size());
        outputs.depleted = line == null;
        return line;
    }

    /**
     * JBeret also asks for (and saves) the reader's checkpoint in the middle of a chunk when it
     * skips a line; a live position would then run ahead of the writer's checkpoint, and a
     * restart after a later failure in that chunk would lose its first lines. So the position
     * only moves when a chunk is written and committed by every output (each commits a chunk
     * while the next is read), or when the input is used up (the writer then waits for every
     * output before its own checkpoint).
     */
    @Override
    public Serializable checkpointInfo() {
        return outputs.depleted ? lines.position() : outputs.committedEnd;
    }

    @Override
    public void close() throws Exception {
        if (lines != null) {
            lines.close();
        }
        if (outputs != null && outputs.commits == null) {
            outputs.closeSync();  // the writer never opened (it closes the claim otherwise)
        }
    }
}
