package dev.audioexport.source;

/**
 * Checkpoint of a file source: resume at {@code nextOffset} (in uncompressed bytes) after line
 * {@code lineNumber}, provided the file still has the identity it had then.
 */
public record FilePosition(long nextOffset, long lineNumber, long fileSize, long lastModifiedMillis)
        implements SourcePosition {
}
