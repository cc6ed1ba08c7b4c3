package dev.audioexport.source.labelbox;

import dev.audioexport.source.SourceException;
import dev.audioexport.source.http.HttpTransport;
import dev.audioexport.source.http.ResumableDownload;
import dev.audioexport.source.http.TransientHttpException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens one stream of an export task at any byte: asks {@code exportFileFromOffset} for the
 * slice that holds it and GETs its signed URL from that byte (a Range request; a server that
 * ignores it has the bytes before skipped). A refused URL (403/404/410: signed URLs expire) is
 * asked for again; the slice is reused while it holds the offset, so a download cut off
 * midway resumes with one GET.
 */
final class SliceOpener implements ResumableDownload.PartOpener {

    private static final Logger LOG = Logger.getLogger(SliceOpener.class.getName());

    private final LabelboxApi api;
    private final HttpTransport http;
    private final String taskId;
    private final String streamType;
    private final long totalSize;
    private LabelboxApi.Slice slice;

    SliceOpener(LabelboxApi api, HttpTransport http, String taskId, String streamType, long totalSize) {
        this.api = api;
        this.http = http;
        this.taskId = taskId;
        this.streamType = streamType;
        this.totalSize = totalSize;
    }

    @Override
    public ResumableDownload.Part open(long offset) throws IOException {
        for (int ask = 1; ; ask++) {
            if (slice == null || !slice.holds(offset)) {
                slice = api.fileFromOffset(taskId, streamType, offset);
            }
            String what = "GET slice " + slice.start() + ".." + slice.end() + " of export task " + taskId;
            Response response = http.get(slice.file(), offset - slice.start());
            try {
                HttpTransport.throwIfTransient(response, what);
                int status = response.getStatus();
                if (status == 403 || status == 404 || status == 410) {
                    HttpTransport.abort(response);
                    slice = null;
                    if (ask > 1) {
                        throw new TransientHttpException(what + ": the new signed URL was refused too (HTTP " + status + ")");
                    }
                    LOG.log(Level.INFO, "{0}: the signed URL was refused (HTTP {1}, expired?); asking for a new one",
                            new Object[] {what, status});
                    continue;
                }
                if (status != 200 && status != 206) {
                    throw new SourceException(what + " answered HTTP " + status + ".");
                }
                return part(response, offset);
            } catch (IOException | RuntimeException e) {
                HttpTransport.abort(response);
                throw e;
            }
        }
    }

    private ResumableDownload.Part part(Response response, long offset) throws IOException {
        long skip = offset - slice.start();
        var body = HttpTransport.body(response);
        if (response.getStatus() == 200) {
            body.skipNBytes(skip);
        } else if (!String.valueOf(response.getHeaderString("Content-Range")).startsWith("bytes " + skip + "-")) {
            throw new SourceException("GET slice " + slice.start() + ".." + slice.end() + " answered a Range request for "
                    + "byte " + skip + " with Content-Range '" + response.getHeaderString("Content-Range") + "'.");
        }
        long end = slice.end() + 1;
        return new ResumableDownload.Part(body, end, end >= totalSize, () -> HttpTransport.abort(response));
    }
}
