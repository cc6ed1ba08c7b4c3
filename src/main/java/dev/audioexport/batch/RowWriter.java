package dev.audioexport.batch;

import dev.audioexport.confinement.ConfinementException;
import dev.audioexport.confinement.ServerPolicy;
import dev.audioexport.liveness.LockWatchdog;
import dev.audioexport.liveness.LostLivenessException;
import dev.audioexport.mapping.CompanionTable;
import dev.audioexport.mapping.LineRows;
import dev.audioexport.sink.ChunkCommits;
import dev.audioexport.sink.CsvSink;
import dev.audioexport.sink.OutputDirectory;
import dev.audioexport.sink.OutputManifest;
import dev.audioexport.sink.PipelinedSink;
import dev.audioexport.sink.ProjectSync;
import dev.audioexport.sink.RejectsSink;
import dev.audioexport.sink.SinkException;
import dev.audioexport.sink.TableName;
import dev.audioexport.sink.TableSink;
import dev.audioexport.sink.UrlDataSource;
import dev.audioexport.source.SourcePosition;
import dev.audioexport.source.Sources;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the rows to the CSV (or the output directory's CSVs), the tables, or both (one writer
 * per chunk, so it fans out); the commit protocol itself is {@link ChunkCommits}.
 *
 * <p>Each output writes and commits a chunk on a thread of its own while the step reads and maps
 * the next one; the checkpoints (reader's and writer's) therefore stay one chunk behind, at the
 * last chunk every output has committed, and catch up at the end of the input.
 *
 * <p>CSV: its checkpoint is the committed length of the CSV, of each companion table's CSV in an
 * output directory, and of the rejects file; all are forced to disk first, and a restart
 * truncates each to it. An output directory gets {@code manifest.json} last, once the input is
 * done; a run or restart that writes into it removes an earlier one first. In a server both files must lie
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

    /** The key of the long table's CSV among the files {@link ChunkCommits} commits. */
    private static final String ANNOTATIONS = "annotations";

    @Inject
    @BatchProperty
    String csv;

    /** A directory for the long table's CSV and the companion tables' CSVs (and manifest.json). */
    @Inject
    @BatchProperty
    String outputDir;

    /** The companion tables to write, comma-separated; all when empty (with outputDir or jdbcUrl). */
    @Inject
    @BatchProperty
    String tables;

    @Inject
    @BatchProperty
    String rejects;

    /** The source as the job parameter holds it (a URL's secret query is not in it), for the manifest. */
    @Inject
    @BatchProperty
    String source;

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

    /** A command-line run's token (job parameter runToken): a sync's liveness lock in its database is keyed by it. */
    @Inject
    @BatchProperty
    String runToken;

    @Inject
    JobContext job;

    @Inject
    StepContext step;

    private StepOutputs outputs;
    private ChunkCommits<InFlight> commits;
    private Path directory;
    /** The checkpoint of the last chunk every output has committed. */
    private OutputCheckpoint committed;
    private boolean manifestWritten;
    private boolean syncFinished;

    /** What the checkpoint of a chunk in flight will hold, but for the files' committed lengths. */
    private record InFlight(SourcePosition end, long rejectsLength, ExportTotals totals, Map<String, Long> rows) {
    }

    @Override
    public void open(Serializable checkpoint) throws Exception {
        OutputCheckpoint resume = (OutputCheckpoint) checkpoint;
        if (isBlank(csv) && isBlank(jdbcUrl) && isBlank(outputDir)) {
            throw new SinkException("Neither csv, outputDir nor jdbcUrl is set: the job needs at least one output.");
        }
        outputs = StepOutputs.of(step);
        outputs.companions = companionTables();
        List<PipelinedSink> others = new ArrayList<>();
        Map<String, PipelinedSink> files = new LinkedHashMap<>();
        try {
            // The table first: it is the one that can refuse its configuration, and a refusal then
            // leaves the files as they were.
            if (!isBlank(jdbcUrl)) {
                TableSink tableSink = openTable(outputs.companions);
                others.add(new PipelinedSink(tableSink, "table " + tableSink.table(),
                        "audio-export-table-" + job.getExecutionId()));
                outputs.writesTable = true;
            }
            // The reader, which opens first, has created the output directory and removed a stale
            // manifest before any file in it changes (ExportLineReader.prepareOutputDirectory).
            Path csvPath = csvPath();
            if (csvPath != null) {
                files.put(ANNOTATIONS, pipelined(CsvSink.open(csvPath, csvLength(resume)), "CSV " + csvPath));
            }
            if (directory != null) {
                for (CompanionTable companion : outputs.companions) {
                    Path file = directory.resolve(companion.fileName());
                    files.put(companion.tableName(),
                            pipelined(CsvSink.open(file, companionLength(resume, companion), companion), "CSV " + file));
                }
            }
        } catch (Exception e) {
            new ChunkCommits<InFlight>(files, others).close();
            throw e;
        }
        commits = new ChunkCommits<>(files, others);
        outputs.commits = commits;
        outputs.rejects = openRejects(resume);
        committed = resume;
        if (resume != null) {
            outputs.restore(resume.totals());
            if (resume.companionRows() != null) {
                resume.companionRows().forEach((name, rows) ->
                        outputs.companionRows.put(CompanionTable.valueOf(name.toUpperCase(java.util.Locale.ROOT)), rows));
            }
        }
    }

    /**
     * The rejects file at its checkpoint. A sync's partition may resume on another node, where its
     * rejects directory (a local path) is missing: it then starts a new rejects file there, the
     * earlier rejects staying on the node that wrote them (the tables are the sync's product).
     */
    private RejectsSink openRejects(OutputCheckpoint resume) throws IOException {
        Path path = OutputDirectory.path("rejects", rejects);
        Long length = resume == null ? null : resume.rejectsLength();
        if (outputs.sync != null && !Files.exists(path)) {
            Files.createDirectories(path.toAbsolutePath().getParent());
            length = null;
        }
        return RejectsSink.open(path, length);
    }

    /** With an output directory or a table, the companion tables asked for (all by default); else none. */
    private Set<CompanionTable> companionTables() {
        if (isBlank(outputDir) && isBlank(jdbcUrl)) {
            if (!isBlank(tables)) {
                throw new SinkException("Job parameter tables needs outputDir or jdbcUrl: csv writes the long table "
                        + "alone.");
            }
            return Set.of();
        }
        try {
            return CompanionTable.parseList(tables);
        } catch (IllegalArgumentException e) {
            throw new SinkException("Job parameter tables: " + e.getMessage(), e);
        }
    }

    /** The long table's CSV: as given, else annotations.csv in the output directory. */
    private Path csvPath() {
        if (!isBlank(outputDir)) {
            directory = OutputDirectory.path("outputDir", outputDir);
        }
        if (!isBlank(csv)) {
            return OutputDirectory.path("csv", csv);
        }
        return directory == null ? null : directory.resolve(ANNOTATIONS + ".csv");
    }

    private PipelinedSink pipelined(CsvSink sink, String name) {
        return new PipelinedSink(sink, name, "audio-export-" + name.replace(' ', '-') + "-" + job.getExecutionId());
    }

    private static Long csvLength(OutputCheckpoint resume) {
        if (resume != null && resume.csvLength() == null) {
            throw new SinkException("The run started without a CSV; a restart cannot add one. Start a new run.");
        }
        return resume == null ? null : resume.csvLength();
    }

    private static Long companionLength(OutputCheckpoint resume, CompanionTable companion) {
        if (resume == null) {
            return null;
        }
        Long length = resume.companionLengths() == null ? null : resume.companionLengths().get(companion.tableName());
        if (length == null) {
            throw new SinkException("The run started without " + companion.fileName() + "; a restart cannot add it. "
                    + "Start a new run.");
        }
        return length;
    }

    private TableSink openTable(Set<CompanionTable> companions) throws Exception {
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
        return TableSink.open(UrlDataSource.fromEnvironment(jdbcUrl), name, load, companions, outputs.sync);
    }

    @Override
    public void writeItems(List<Object> items) throws Exception {
        stillAlive();
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
        List<LineRows> lines = new ArrayList<>(items.size());
        for (Object item : items) {
            LineRows line = ((MappedLine) item).rows();
            lines.add(line);
            outputs.rowsWritten += line.annotations().size();
            for (CompanionTable companion : outputs.companions) {
                outputs.companionRows.merge(companion, (long) line.rows(companion).size(), Long::sum);
            }
        }
        if (outputs.depleted) {
            syncFinishing();  // this is the project's last chunk: its transaction records the watermark
        }
        // Every line read so far belongs to this chunk: the source's position is its end.
        settled(commits.handOver(lines, inFlight(outputs.source.position())));
        RunProgress progress = RunProgress.of(job.getExecutionId());
        if (progress != null) {
            progress.rows(outputs.rowsWritten);
        }
    }

    /**
     * Writes nothing more once the run's liveness lock is lost for good (another node may run it
     * now: LockWatchdog); waits while the lock is in doubt. The chunk fails, naming the reason.
     */
    private void stillAlive() {
        List<String> owners = new ArrayList<>(List.of(LockWatchdog.executionOwner(job.getExecutionId())));
        if (!isBlank(runToken)) {
            owners.add(LockWatchdog.runOwner(runToken));
        }
        try {
            LockWatchdog.jvm().awaitWritable(owners);
        } catch (LostLivenessException e) {
            throw new SinkException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("Interrupted while waiting for the run's liveness lock to be held again", e);
        }
    }

    private InFlight inFlight(SourcePosition end) throws IOException {
        Map<String, Long> rows = new LinkedHashMap<>();
        outputs.companionRows.forEach((companion, count) -> rows.put(companion.tableName(), count));
        return new InFlight(end, outputs.rejects.commit(), outputs.totals(), rows);
    }

    /** A chunk every output has committed is the checkpoint now. */
    private void settled(ChunkCommits.Committed<InFlight> chunk) {
        if (chunk == null) {
            return;
        }
        Map<String, Long> companionLengths = null;
        if (directory != null) {
            companionLengths = new LinkedHashMap<>(chunk.lengths());
            companionLengths.remove(ANNOTATIONS);
        }
        InFlight marker = chunk.marker();
        committed = new OutputCheckpoint(chunk.lengths().get(ANNOTATIONS), marker.rejectsLength(), marker.totals(),
                companionLengths, marker.rows());
        if (marker.end() != null) {
            outputs.committedEnd = marker.end();
        }
    }

    /**
     * The last chunk every output has committed; at the end of the input, everything (the
     * reader then saves its final position too, and rejects of trailing lines are included),
     * and then the output directory's manifest.
     */
    @Override
    public Serializable checkpointInfo() throws Exception {
        if (outputs.depleted) {
            stillAlive();
            syncFinishing();  // the input ended on a chunk's boundary: an empty last transaction records it
            settled(commits.settle());
            settled(commits.finish(inFlight(null)));
            writeManifest();
        }
        step.setPersistentUserData(committed == null ? ExportTotals.NONE : committed.totals());
        return committed;
    }

    /** In a sync's partition, once: the last commit sweeps (full sync) and records the new watermark. */
    private void syncFinishing() {
        if (outputs.sync == null || syncFinished) {
            return;
        }
        syncFinished = true;
        outputs.sync.finishing(new ProjectSync.Finish(outputs.source.exportTaskId(),
                outputs.source.exportTaskCreatedAt(), job.getExecutionId(), outputs.rowsWritten,
                outputs.linesRejected + outputs.source.exportErrors()));
    }

    private void writeManifest() throws IOException {
        if (directory == null || manifestWritten) {
            return;
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put(ANNOTATIONS, outputs.rowsWritten);
        for (CompanionTable companion : outputs.companions) {
            rows.put(companion.tableName(), outputs.companionRows.getOrDefault(companion, 0L));
        }
        new OutputManifest(Sources.redacted(source),
                job.getExecutionId(), OutputManifest.CONTRACT_VERSION, rows, outputs.linesRejected,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString()).writeTo(directory);
        manifestWritten = true;
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
