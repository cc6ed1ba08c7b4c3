package dev.audioexport.source.http;

import dev.audioexport.source.SourceException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plain HTTP resource read from any byte on: a Range request where the server honours it,
 * otherwise the whole body with the bytes before the offset skipped unparsed. Every answer
 * must carry the validators (ETag, else Last-Modified) of the first one, and the same length
 * where it says one (the only check left when a server sends no validators), or the resource
 * has changed and reading on would mix two versions.
 */
final class RemoteResource implements ResumableDownload.PartOpener {

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes\\s+\\*/(\\d+)");

    private final HttpTransport http;
    private final URI uri;
    private final String name;
    private String etag;
    private String lastModified;
    private boolean validated;
    private long size = -1;

    /** @param checkpoint the validators saved with the checkpoint, or null on a fresh start */
    RemoteResource(HttpTransport http, URI uri, HttpPosition checkpoint) {
        this.http = http;
        this.uri = uri;
        this.name = HttpLineSource.redacted(uri);
        if (checkpoint != null) {
            this.etag = checkpoint.etag();
            this.lastModified = checkpoint.lastModified();
            this.validated = true;
            this.size = checkpoint.size() == null ? -1 : checkpoint.size();
        }
    }

    String etag() {
        return etag;
    }

    String lastModified() {
        return lastModified;
    }

    /** The resource's length in bytes, or -1 while unknown. */
    long size() {
        return size;
    }

    @Override
    public ResumableDownload.Part open(long offset) throws IOException {
        Response response = http.get(uri, offset);
        try {
            HttpTransport.throwIfTransient(response, "GET " + name);
            return switch (response.getStatus()) {
                case 206 -> partial(response, offset);
                case 200 -> whole(response, offset);
                case 416 -> nothingLeft(response, offset);
                default -> throw new SourceException("GET " + name + " answered HTTP " + response.getStatus()
                        + " " + response.getStatusInfo().getReasonPhrase() + ".");
            };
        } catch (IOException | RuntimeException e) {
            HttpTransport.abort(response);
            throw e;
        }
    }

    private ResumableDownload.Part partial(Response response, long offset) {
        checkValidators(response);
        Matcher range = CONTENT_RANGE.matcher(Objects.requireNonNullElse(response.getHeaderString("Content-Range"), ""));
        if (!range.matches() || Long.parseLong(range.group(1)) != offset) {
            throw new SourceException("GET " + name + " answered a Range request for byte " + offset
                    + " with Content-Range '" + response.getHeaderString("Content-Range") + "'.");
        }
        if (!range.group(3).equals("*")) {
            sized(Long.parseLong(range.group(3)));
        }
        long end = Long.parseLong(range.group(2)) + 1;
        return new ResumableDownload.Part(HttpTransport.body(response), end, size < 0 || end >= size,
                () -> HttpTransport.abort(response));
    }

    /** No Range support (or offset 0): the whole body, skipped to the offset without parsing. */
    private ResumableDownload.Part whole(Response response, long offset) throws IOException {
        checkValidators(response);
        long length = response.getLength();
        sized(length);
        ResumableDownload.Part part = new ResumableDownload.Part(HttpTransport.body(response), length, true,
                () -> HttpTransport.abort(response));
        part.body().skipNBytes(offset);
        return part;
    }

    /** 416 for a Range starting at the very end: the rest is empty, provided the length is the same. */
    private ResumableDownload.Part nothingLeft(Response response, long offset) {
        Matcher range = UNSATISFIED_RANGE.matcher(Objects.requireNonNullElse(response.getHeaderString("Content-Range"), ""));
        if (!range.matches() || Long.parseLong(range.group(1)) != offset) {
            throw changed("it is now shorter than the checkpoint's " + offset + " bytes");
        }
        HttpTransport.abort(response);
        size = offset;
        return new ResumableDownload.Part(InputStream.nullInputStream(), offset, true, () -> { });
    }

    /** A length the answer says (-1: it says none), checked against the one known before. */
    private void sized(long length) {
        if (length < 0) {
            return;
        }
        if (size >= 0 && size != length) {
            throw changed("length " + size + " -> " + length + " bytes");
        }
        size = length;
    }

    private void checkValidators(Response response) {
        String newEtag = response.getHeaderString(HttpHeaders.ETAG);
        String newLastModified = response.getHeaderString(HttpHeaders.LAST_MODIFIED);
        if (!validated) {
            etag = newEtag;
            lastModified = newLastModified;
            validated = true;
        } else if (etag != null && !etag.equals(newEtag)) {
            throw changed("ETag " + etag + " -> " + newEtag);
        } else if (etag == null && lastModified != null && !lastModified.equals(newLastModified)) {
            throw changed("Last-Modified " + lastModified + " -> " + newLastModified);
        }
    }

    private SourceException changed(String how) {
        return new SourceException("Source " + name + " changed since it was first read (" + how
                + "): reading on would mix two versions of the export. Start a new run with 'run' instead of 'restart'.");
    }
}
