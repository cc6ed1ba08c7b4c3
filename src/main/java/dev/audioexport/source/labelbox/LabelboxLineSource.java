package dev.audioexport.source.labelbox;

import dev.audioexport.confinement.ServerPolicy;
import dev.audioexport.source.ExportLine;
import dev.audioexport.source.LineSource;
import dev.audioexport.source.LineSplitter;
import dev.audioexport.source.SourceException;
import dev.audioexport.source.SourceOptions;
import dev.audioexport.source.SourceParameters;
import dev.audioexport.source.http.Backoff;
import dev.audioexport.source.http.HttpTransport;
import dev.audioexport.source.http.ResumableDownload;
import dev.audioexport.source.http.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The lines of a Labelbox project export, streamed from the export API ({@code labelbox:PROJECT_ID}):
 * creates the export task, waits for it, writes its ERRORS stream aside, then reads its RESULT
 * stream slice by slice. A restart resumes the same task at the checkpoint's byte.
 */
public final class LabelboxLineSource implements LineSource {

    public static final String SCHEME = "labelbox:";
    /** The source parameter a sync's partition sets to its project (its messages then name 'sync'). */
    public static final String SYNC_PROJECT = "syncProject";
    static final String RESULT = "RESULT";

    private static final Logger LOG = Logger.getLogger(LabelboxLineSource.class.getName());

    private final String projectId;
    private final String taskId;
    private final HttpTransport http;
    private final InputStream bytes;
    private final LineSplitter lines;
    private final long totalSize;
    private final long exportErrors;
    private final String taskCreatedAt;

    private LabelboxLineSource(String projectId, String taskId, HttpTransport http, InputStream bytes, LineSplitter lines,
            long totalSize, long exportErrors, String taskCreatedAt) {
        this.projectId = projectId;
        this.taskId = taskId;
        this.http = http;
        this.bytes = bytes;
        this.lines = lines;
        this.totalSize = totalSize;
        this.exportErrors = exportErrors;
        this.taskCreatedAt = taskCreatedAt;
    }

    /** Checks what can be checked without a request: project id, API key, filters and tuning. */
    public static void validate(String uri, SourceParameters parameters) {
        ExportRequest.from(projectId(uri), parameters);
        checkEnvironment();
        TaskWait.from(parameters);
        RetryPolicy.from(parameters);
    }

    /**
     * The parameters with each id filter's {@code @FILE} resolved by {@code policy}: a server
     * reads id files only under its input directory, like sources (a file outside would be read
     * and its lines sent to Labelbox and shown in messages).
     */
    public static Properties withIdFiles(Properties parameters, ServerPolicy policy) {
        Properties resolved = new Properties();
        resolved.putAll(parameters);
        for (String name : ExportFilters.ID_FILTERS.keySet()) {
            String value = parameters.getProperty(name, "").strip();
            if (value.startsWith("@")) {
                resolved.setProperty(name, "@" + policy.file(name, value.substring(1)));
            }
        }
        return resolved;
    }

    /** Checks the API key and endpoint, which come from the environment of each run and restart. */
    public static void checkEnvironment() {
        ApiKey.fromEnvironment();
        Endpoint.configured();
    }

    /** Starts a new export task, or resumes the checkpoint's task at its byte. */
    public static LabelboxLineSource open(String uri, LabelboxPosition resumeFrom, SourceOptions options,
            int maxLineBytes) throws IOException {
        String projectId = projectId(uri);
        SourceParameters parameters = options.parameters();
        ExportRequest request = resumeFrom == null ? ExportRequest.from(projectId, parameters) : null;
        TaskWait wait = TaskWait.from(parameters);
        RetryPolicy policy = RetryPolicy.from(parameters);
        ApiKey key = ApiKey.fromEnvironment();
        HttpTransport http = new HttpTransport(policy.timeout());
        try {
            LabelboxApi api = new LabelboxApi(http, Endpoint.configured(), key, policy, options.stopRequested());
            ExportTask task = resumeFrom == null ? ExportTask.start(api, request, wait, options)
                    : ExportTask.resume(api, resumeFrom, projectId, wait, options);
            if (resumeFrom == null) {
                task = task.withExportErrors(ErrorsStream.write(api, http, task.taskId(), policy, options, maxLineBytes));
            }
            return open(projectId, task, api, http, policy, options, maxLineBytes);
        } catch (IOException | RuntimeException e) {
            http.close();
            throw e;
        }
    }

    private static LabelboxLineSource open(String projectId, ExportTask task, LabelboxApi api, HttpTransport http,
            RetryPolicy policy, SourceOptions options, int maxLineBytes) {
        var header = api.header(task.taskId(), RESULT);
        if (header.isEmpty() && task.nextOffset() > 0) {
            throw ExportTask.gone(task.taskId(), projectId, task.lineNumber(), options);
        }
        long totalSize = header.map(LabelboxApi.StreamHeader::totalSize).orElse(0L);
        InputStream bytes = task.nextOffset() >= totalSize ? InputStream.nullInputStream()
                : new ResumableDownload(new SliceOpener(api, http, task.taskId(), RESULT, totalSize), task.nextOffset(),
                        new Backoff(policy, options.stopRequested()),
                        "Download of the RESULT stream of Labelbox export task " + task.taskId());
        LOG.log(Level.INFO, "Reading Labelbox export task {0} of project {1}: {2} bytes, from byte {3}",
                new Object[] {task.taskId(), projectId, totalSize, task.nextOffset()});
        LineSplitter lines = new LineSplitter(bytes, task.nextOffset(), task.lineNumber(), maxLineBytes);
        return new LabelboxLineSource(projectId, task.taskId(), http, bytes, lines, totalSize, task.exportErrors(),
                task.createdAt());
    }

    static String projectId(String uri) {
        if (!uri.startsWith(SCHEME)) {
            throw new SourceException("Not a labelbox: source: " + uri);
        }
        String projectId = uri.substring(SCHEME.length()).strip();
        ExportRequest.checkProjectId(projectId);
        return projectId;
    }

    @Override
    public ExportLine next() throws IOException {
        return lines.next();
    }

    @Override
    public LabelboxPosition position() {
        return new LabelboxPosition(projectId, taskId, lines.nextOffset(), lines.lineNumber(), exportErrors);
    }

    @Override
    public long bytesConsumed() {
        return bytes instanceof ResumableDownload download ? download.offset() : totalSize;
    }

    @Override
    public long size() {
        return totalSize;
    }

    @Override
    public long exportErrors() {
        return exportErrors;
    }

    @Override
    public String exportTaskId() {
        return taskId;
    }

    @Override
    public String exportTaskCreatedAt() {
        return taskCreatedAt;
    }

    @Override
    public String description() {
        return SCHEME + projectId + " (export task " + taskId + ")";
    }

    @Override
    public void close() throws IOException {
        try {
            bytes.close();
        } finally {
            http.close();
        }
    }
}
