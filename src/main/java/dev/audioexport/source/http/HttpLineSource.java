package dev.audioexport.source.http;

import dev.audioexport.source.ExportLine;
import dev.audioexport.source.LineSource;
import dev.audioexport.source.LineSplitter;
import dev.audioexport.source.SourceOptions;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.zip.GZIPInputStream;

/**
 * NDJSON lines from an http(s) URL, plain or gzip (told apart by the magic bytes), streamed.
 * A broken download and a restart both go on from the exact byte: with a Range request where
 * the server supports it, else by skipping unparsed. A gzip body always restarts from byte 0
 * (its offsets are uncompressed ones) but is skipped without splitting or parsing.
 */
public final class HttpLineSource implements LineSource {

    private static final int BUFFER = 1 << 16;

    private final URI uri;
    private final HttpTransport http;
    private final RemoteResource resource;
    private final ResumableDownload raw;
    private final boolean gzip;
    private final LineSplitter lines;

    private HttpLineSource(URI uri, HttpTransport http, RemoteResource resource, ResumableDownload raw, boolean gzip,
            LineSplitter lines) {
        this.uri = uri;
        this.http = http;
        this.resource = resource;
        this.raw = raw;
        this.gzip = gzip;
        this.lines = lines;
    }

    /** Opens the URL at its start, or where {@code resumeFrom} says (null for a fresh start). */
    public static HttpLineSource open(URI uri, HttpPosition resumeFrom, SourceOptions options, int maxLineBytes)
            throws IOException {
        RetryPolicy policy = RetryPolicy.from(options.parameters());
        // Every hop, the first included, must go to a host the server lists (any host on the command line).
        HttpTransport http = new HttpTransport(policy.timeout(), hop -> options.policy().checkHost("source", hop));
        try {
            RemoteResource resource = new RemoteResource(http, uri, resumeFrom);
            boolean restartGzip = resumeFrom != null && resumeFrom.gzip();
            long rawStart = resumeFrom == null || restartGzip ? 0 : resumeFrom.nextOffset();
            Backoff backoff = new Backoff(policy, options.stopRequested());
            ResumableDownload raw = new ResumableDownload(resource, rawStart, backoff, "Download of " + redacted(uri));
            BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER);
            boolean gzip = resumeFrom == null ? isGzip(buffered) : restartGzip;
            InputStream text = gzip ? new GZIPInputStream(buffered, BUFFER) : buffered;
            long startOffset = resumeFrom == null ? 0 : resumeFrom.nextOffset();
            if (gzip) {
                text.skipNBytes(startOffset);
            }
            LineSplitter splitter = new LineSplitter(text, startOffset,
                    resumeFrom == null ? 0 : resumeFrom.lineNumber(), maxLineBytes);
            return new HttpLineSource(uri, http, resource, raw, gzip, splitter);
        } catch (IOException | RuntimeException e) {
            http.close();
            throw e;
        }
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzip;
    }

    /** The URL without its query and user info, which may hold credentials (signed URLs). */
    public static String redacted(URI uri) {
        String base = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
        return uri.getRawQuery() == null ? base : base + "?...";
    }

    @Override
    public ExportLine next() throws IOException {
        return lines.next();
    }

    @Override
    public HttpPosition position() {
        return new HttpPosition(lines.nextOffset(), lines.lineNumber(), resource.etag(), resource.lastModified(), gzip,
                resource.size() < 0 ? null : resource.size());
    }

    @Override
    public long bytesConsumed() {
        return raw.offset();
    }

    @Override
    public long size() {
        return resource.size();
    }

    @Override
    public String description() {
        return redacted(uri);
    }

    @Override
    public void close() {
        try {
            raw.close();
        } finally {
            http.close();
        }
    }
}
