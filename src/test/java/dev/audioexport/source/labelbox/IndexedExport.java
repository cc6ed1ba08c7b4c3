package dev.audioexport.source.labelbox;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * A project's export file as the stand-in serves it, with each line's byte range and its
 * {@code data_row.details.last_activity_at} (the first such key of the line: the data row comes
 * first), found by a byte scan once. A task's snapshot then copies the byte ranges of the lines
 * its filter selects (a full export: the whole file in one copy), so the stand-in's work per
 * export task stays small against the sync it serves, as Labelbox's own indexed filtering is no
 * cost of ours. Blank lines are left out of snapshots.
 */
final class IndexedExport {

    private static final byte[] KEY = "\"last_activity_at\":\"".getBytes(StandardCharsets.US_ASCII);
    /** A line without a readable last activity: served by full exports, a filter fails on it (as before the index). */
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final Path file;
    private final long size;
    private final FileTime modified;
    /** Per non-blank line: its first byte, the byte after it (its newline or the end of file), its last activity. */
    private final long[] starts;
    private final long[] ends;
    private final long[] activeNanos;

    private IndexedExport(Path file, long size, FileTime modified, long[] starts, long[] ends, long[] activeNanos) {
        this.file = file;
        this.size = size;
        this.modified = modified;
        this.starts = starts;
        this.ends = ends;
        this.activeNanos = activeNanos;
    }

    static IndexedExport of(Path file) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new IOException("the stand-in indexes exports of up to 2 GB: " + file);
            }
            MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
            Lines lines = new Lines();
            int start = 0;
            for (int at = 0; at <= size; at++) {
                if (at == size || bytes.get(at) == '\n') {
                    if (!blank(bytes, start, at)) {
                        lines.add(start, at, lastActivity(bytes, start, at));
                    }
                    start = at + 1;
                }
            }
            return new IndexedExport(file, size, modified, lines.starts(), lines.ends(), lines.active());
        }
    }

    /** Still the file as indexed (same size and modification time). */
    boolean isCurrent(Path export) throws IOException {
        return export.equals(file) && Files.size(export) == size && Files.getLastModifiedTime(export).equals(modified);
    }

    /** Writes to {@code snapshot} the lines active at or after {@code since} (all when null), one a line. */
    void copyActiveSince(Instant since, Path snapshot) throws IOException {
        long from = since == null ? Long.MIN_VALUE : nanos(since);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(snapshot, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            long runStart = -1;
            long runEnd = -1;
            for (int i = 0; i < starts.length; i++) {
                if (since != null && activeNanos[i] == UNKNOWN) {
                    throw new IllegalStateException("a line without data_row.details.last_activity_at at byte "
                            + starts[i] + " of " + file);
                }
                if (activeNanos[i] < from) {
                    continue;
                }
                if (runStart >= 0 && starts[i] == runEnd) {
                    runEnd = ends[i] + 1;  // adjacent: one copy for both
                } else {
                    copy(in, out, runStart, runEnd);
                    runStart = starts[i];
                    runEnd = ends[i] + 1;
                }
            }
            copy(in, out, runStart, runEnd);
        }
    }

    /** Copies bytes {@code start..end-1}, each line with its newline (the file's last line may have none). */
    private void copy(FileChannel in, FileChannel out, long start, long end) throws IOException {
        if (start < 0) {
            return;
        }
        long length = Math.min(end, size) - start;
        for (long done = 0; done < length; ) {
            done += in.transferTo(start + done, length - done, out);
        }
        if (end > size) {
            out.write(ByteBuffer.wrap(new byte[] {'\n'}));
        }
    }

    private static boolean blank(ByteBuffer bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!Character.isWhitespace(bytes.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static long lastActivity(ByteBuffer bytes, int start, int end) {
        for (int at = start; at + KEY.length <= end; at++) {
            if (matches(bytes, at)) {
                int from = at + KEY.length;
                int to = from;
                while (to < end && bytes.get(to) != '"') {
                    to++;
                }
                byte[] value = new byte[to - from];
                bytes.get(from, value);
                try {
                    return nanos(OffsetDateTime.parse(new String(value, StandardCharsets.US_ASCII)).toInstant());
                } catch (java.time.format.DateTimeParseException e) {
                    return UNKNOWN;
                }
            }
        }
        return UNKNOWN;
    }

    private static boolean matches(ByteBuffer bytes, int at) {
        for (int k = 0; k < KEY.length; k++) {
            if (bytes.get(at + k) != KEY[k]) {
                return false;
            }
        }
        return true;
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Growable parallel arrays. */
    private static final class Lines {
        private long[] starts = new long[1024];
        private long[] ends = new long[1024];
        private long[] active = new long[1024];
        private int count;

        void add(long start, long end, long activeNanos) {
            if (count == starts.length) {
                starts = java.util.Arrays.copyOf(starts, count * 2);
                ends = java.util.Arrays.copyOf(ends, count * 2);
                active = java.util.Arrays.copyOf(active, count * 2);
            }
            starts[count] = start;
            ends[count] = end;
            active[count++] = activeNanos;
        }

        long[] starts() {
            return java.util.Arrays.copyOf(starts, count);
        }

        long[] ends() {
            return java.util.Arrays.copyOf(ends, count);
        }

        long[] active() {
            return java.util.Arrays.copyOf(active, count);
        }
    }
}
