package dev.audioexport.source;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * NDJSON lines from a local file, plain or gzip (told apart by the magic bytes, not the name).
 * A plain file resumes by seeking to the checkpoint's offset; a gzip file has to decompress up
 * to it, but skips without splitting or parsing.
 */
public final class FileLineSource implements LineSource {

    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    private final Path path;
    private final long size;
    private final long lastModified;
    private final CountingInputStream raw;
    private final LineSplitter lines;

    private FileLineSource(Path path, long size, long lastModified, CountingInputStream raw, LineSplitter lines) {
        this.path = path;
        this.size = size;
        this.lastModified = lastModified;
        this.raw = raw;
        this.lines = lines;
    }

    /** Opens the file at its start, or where {@code resumeFrom} says (null for a fresh start). */
    public static FileLineSource open(Path path, FilePosition resumeFrom, int maxLineBytes) throws IOException {
        long size;
        long lastModified;
        try {
            size = Files.size(path);
            lastModified = Files.getLastModifiedTime(path).toMillis();
        } catch (NoSuchFileException e) {
            throw new SourceException("Source file " + path + " does not exist.", e);
        }
        if (resumeFrom != null) {
            checkUnchanged(path, resumeFrom, size, lastModified);
        }
        boolean gzip = isGzip(path);
        long startOffset = resumeFrom == null ? 0 : resumeFrom.nextOffset();
        long startLine = resumeFrom == null ? 0 : resumeFrom.lineNumber();
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            if (!gzip) {
                channel.position(startOffset);
            }
            CountingInputStream raw = new CountingInputStream(Channels.newInputStream(channel), gzip ? 0 : startOffset);
            InputStream text;
            try {
                text = gzip ? new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16) : raw;
                if (gzip) {
                    text.skipNBytes(startOffset);
                }
            } catch (ZipException | EOFException e) {
                throw new SourceException("Source file " + path + " starts as gzip but is not valid gzip ("
                        + e.getMessage() + ").", e);
            }
            LineSplitter splitter = new LineSplitter(text, startOffset, startLine, maxLineBytes);
            return new FileLineSource(path, size, lastModified, raw, splitter);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static void checkUnchanged(Path path, FilePosition checkpoint, long size, long lastModified) {
        if (checkpoint.fileSize() != size || checkpoint.lastModifiedMillis() != lastModified) {
            throw new SourceException("Source file " + path + " changed since the checkpoint (size "
                    + checkpoint.fileSize() + " -> " + size + " bytes, modified " + checkpoint.lastModifiedMillis()
                    + " -> " + lastModified + " ms): a restart would mix two exports. "
                    + "Restore the original file, or start a new run with 'run' instead of 'restart'.");
        }
    }

    private static boolean isGzip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == GZIP_MAGIC_1 && in.read() == GZIP_MAGIC_2;
        }
    }

    @Override
    public ExportLine next() throws IOException {
        try {
            return lines.next();
        } catch (ZipException | EOFException e) {
            // GZIPInputStream's own words ("Unexpected end of ZLIB input stream") name neither file nor fault.
            throw new SourceException("Source file " + path + " starts as gzip but is truncated or corrupt after "
                    + raw.count() + " of its " + size + " bytes (" + e.getMessage() + ").", e);
        }
    }

    @Override
    public FilePosition position() {
        return new FilePosition(lines.nextOffset(), lines.lineNumber(), size, lastModified);
    }

    @Override
    public long bytesConsumed() {
        return raw.count();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String description() {
        return path.toString();
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }

    /** Counts the bytes read from the file itself (compressed bytes for gzip), for progress. */
    private static final class CountingInputStream extends FilterInputStream {
        private volatile long count;

        CountingInputStream(InputStream in, long start) {
            super(in);
            this.count = start;
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
