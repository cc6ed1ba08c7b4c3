package dev.audioexport.source;

/**
 * One non-blank line of an export, as raw UTF-8 bytes without its line end (and without a
 * leading BOM).
 *
 * @param lineNumber 1-based line number in the source
 * @param byteOffset offset of the line's first byte in the (uncompressed) source
 * @param bytes      the line's bytes; when {@code truncated}, only its first bytes
 * @param truncated  true when the line was longer than the source's line limit
 */
public record ExportLine(long lineNumber, long byteOffset, byte[] bytes, boolean truncated) {
}
