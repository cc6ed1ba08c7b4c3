package dev.audioexport.source.http;

import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of a remote stream from an offset on, as one {@link InputStream}, although they
 * arrive in parts (one response each). When a part breaks — reset, timeout, or cut off before
 * its end — the next part is asked for at the exact byte where it broke, after a backoff; so
 * no byte is lost or read twice. Parts also end on purpose (Labelbox slices): the next one is
 * then opened at the following byte.
 */
public final class ResumableDownload extends InputStream {

    /**
     * A response body whose first byte is the one asked for.
     *
     * @param end   offset just past its last byte, or -1 when unknown (it ends where the body does)
     * @param last  true when the stream ends with this part
     * @param abort drops the connection when the body is left unread
     */
    public record Part(InputStream body, long end, boolean last, Runnable abort) {
    }

    /** Opens the part holding byte {@code offset}. IO exceptions are retried; a SourceException fails the run. */
    @FunctionalInterface
    public interface PartOpener {
        Part open(long offset) throws IOException;
    }

    private final PartOpener opener;
    private final Backoff backoff;
    private final String description;
    private long offset;
    private Part part;
    private boolean ended;

    /** @param description what is downloaded, for messages ("download of https://...") */
    public ResumableDownload(PartOpener opener, long offset, Backoff backoff, String description) {
        this.opener = opener;
        this.offset = offset;
        this.backoff = backoff;
        this.description = description;
    }

    /** Offset of the next byte to be read. */
    public long offset() {
        return offset;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!ended) {
            if (part == null) {
                part = open();
            }
            int wanted = part.end() < 0 ? len : (int) Math.min(len, part.end() - offset);
            int n;
            try {
                n = wanted == 0 ? 0 : part.body().read(b, off, wanted);
                if (n <= 0 && part.end() >= 0 && offset < part.end()) {
                    throw new TransientHttpException("the response ended at byte " + offset + ", before byte " + part.end());
                }
            } catch (IOException | ProcessingException e) {
                abortPart();
                backoff.failed(description + " at byte " + offset, e);
                continue;
            }
            if (n > 0) {
                offset += n;
                backoff.succeeded();
            }
            if (n <= 0 || offset == part.end()) {
                finishPart();
            }
            if (n > 0) {
                return n;
            }
        }
        return -1;
    }

    private Part open() {
        while (true) {
            try {
                return opener.open(offset);
            } catch (RateLimitedException e) {
                backoff.rateLimited(description, e.retryAfter());
            } catch (IOException | ProcessingException e) {
                backoff.failed(description + " at byte " + offset, e);
            }
        }
    }

    /** The part was read to its end: close it (keeping the connection for the next request). */
    private void finishPart() {
        Part done = part;
        part = null;
        ended = done.last();
        try {
            done.body().close();
        } catch (IOException e) {
            done.abort().run();
        }
    }

    private void abortPart() {
        if (part != null) {
            part.abort().run();
            part = null;
        }
    }

    @Override
    public void close() {
        abortPart();
        ended = true;
    }
}
