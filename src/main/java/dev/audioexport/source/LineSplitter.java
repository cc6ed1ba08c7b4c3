package dev.audioexport.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines and keeps the byte offset of each, which a {@code Reader}
 * cannot do. Accepts LF and CRLF line ends, a last line without newline and a UTF-8 BOM at
 * offset 0; blank lines (empty or whitespace only) are counted but not returned. Memory is bounded by the longest line
 * (capped at {@code maxLineBytes}: longer lines come back truncated and flagged).
 */
public final class LineSplitter {

    private static final int BUFFER_SIZE = 1 << 16;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int limit;
    /** Absolute offset of {@code buffer[position]}. */
    private long offset;
    private long lineNumber;
    private byte[] pending = new byte[256];
    private int pendingLength;
    private boolean endOfInput;

    public LineSplitter(InputStream in, long startOffset, long startLineNumber, int maxLineBytes) {
        this.in = in;
        this.offset = startOffset;
        this.lineNumber = startLineNumber;
        this.maxLineBytes = maxLineBytes;
    }

    /** Offset of the first byte not yet returned in a line. */
    public long nextOffset() {
        return offset;
    }

    public long lineNumber() {
        return lineNumber;
    }

    public ExportLine next() throws IOException {
        while (true) {
            long lineStart = offset;
            int lineLength = readLine();
            if (lineLength < 0) {
                return null;
            }
            lineNumber++;
            int skip = lineStart == 0 && hasBom(lineLength) ? 3 : 0;
            int end = Math.min(lineLength, pendingLength);
            if (end > skip && pending[end - 1] == '\r' && end == lineLength) {
                end--;
            }
            if (!isBlank(skip, end)) {
                return new ExportLine(lineNumber, lineStart, Arrays.copyOfRange(pending, skip, end),
                        lineLength > maxLineBytes);
            }
        }
    }

    /** Lines of spaces and tabs only are blank lines too: valid input with nothing in it. */
    private boolean isBlank(int from, int to) {
        for (int i = from; i < to; i++) {
            if (pending[i] != ' ' && pending[i] != '\t' && pending[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private boolean hasBom(int lineLength) {
        return lineLength >= 3 && pendingLength >= 3
                && pending[0] == (byte) 0xEF && pending[1] == (byte) 0xBB && pending[2] == (byte) 0xBF;
    }

    /**
     * Collects the next line (up to {@code maxLineBytes} of it) into {@code pending} and returns
     * its full length without the LF, or -1 at the end of the input.
     */
    private int readLine() throws IOException {
        pendingLength = 0;
        int lineLength = 0;
        boolean sawAny = false;
        while (true) {
            if (position == limit && !fill()) {
                return sawAny ? lineLength : -1;
            }
            sawAny = true;
            int newline = indexOfNewline();
            int chunkEnd = newline < 0 ? limit : newline;
            int chunk = chunkEnd - position;
            keep(chunk);
            lineLength += chunk;
            offset += chunk;
            position = chunkEnd;
            if (newline >= 0) {
                position++;
                offset++;
                return lineLength;
            }
        }
    }

    private int indexOfNewline() {
        for (int i = position; i < limit; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void keep(int chunk) {
        int room = maxLineBytes - pendingLength;
        int take = Math.min(chunk, room);
        if (take <= 0) {
            return;
        }
        if (pendingLength + take > pending.length) {
            pending = Arrays.copyOf(pending, Math.min(maxLineBytes, Math.max(pending.length * 2, pendingLength + take)));
        }
        System.arraycopy(buffer, position, pending, pendingLength, take);
        pendingLength += take;
    }

    private boolean fill() throws IOException {
        if (endOfInput) {
            return false;
        }
        int read = in.readNBytes(buffer, 0, buffer.length);
        if (read <= 0) {
            endOfInput = true;
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }
}
