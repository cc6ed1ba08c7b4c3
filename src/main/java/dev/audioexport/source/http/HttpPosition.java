package dev.audioexport.source.http;

import dev.audioexport.source.SourcePosition;

/**
 * Checkpoint of an http(s) source: resume at {@code nextOffset} (in uncompressed bytes) after
 * line {@code lineNumber}, provided the resource still has the validators it had then.
 *
 * @param etag         the resource's ETag when first read, or null
 * @param lastModified its Last-Modified header, or null
 * @param gzip         true when the body is gzip (a restart then decompresses from byte 0)
 * @param size         the resource's length in bytes when it was known, or null (also in
 *                     checkpoints saved before it was kept)
 */
public record HttpPosition(long nextOffset, long lineNumber, String etag, String lastModified, boolean gzip, Long size)
        implements SourcePosition {
}
