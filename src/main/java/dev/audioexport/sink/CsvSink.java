package dev.audioexport.sink;

import dev.audioexport.mapping.Column;
import dev.audioexport.mapping.CompanionTable;
import dev.audioexport.mapping.LineRows;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * One table's rows to an RFC 4180 CSV file (the long table, or a companion table): UTF-8 without BOM, comma, CRLF, fields quoted only when they
 * hold a comma, quote, CR or LF, quotes doubled. The header is written only at offset 0, so a
 * restart never repeats it.
 * <p>The rows of one export line repeat most of their values (the data row's, the label's), as
 * the very same strings; a field equal by identity to the previous row's reuses its encoding.
 */
public final class CsvSink implements RowSink {

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] CRLF = {'\r', '\n'};
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long COMMAS = ONES * ',';
    private static final long LFS = ONES * '\n';
    private static final long CRS = ONES * '\r';

    private final CheckpointedFile file;
    private final Function<LineRows, List<String[]>> table;
    private final String[] previous;
    private final byte[][] previousEncoded;

    private CsvSink(CheckpointedFile file, Function<LineRows, List<String[]>> table, int columns) {
        this.file = file;
        this.table = table;
        this.previous = new String[columns];
        this.previousEncoded = new byte[columns][];
    }

    /**
     * The long table's CSV, opened for a fresh start ({@code committedLength} null) or to resume
     * at a committed length.
     */
    public static CsvSink open(Path path, Long committedLength) throws IOException {
        return open(path, committedLength, Column.names(), LineRows::annotations);
    }

    /** A companion table's CSV, opened as {@link #open(Path, Long)} opens the long table's. */
    public static CsvSink open(Path path, Long committedLength, CompanionTable companion) throws IOException {
        return open(path, committedLength, companion.columnNames(), line -> line.rows(companion));
    }

    private static CsvSink open(Path path, Long committedLength, List<String> header,
                                Function<LineRows, List<String[]>> table) throws IOException {
        CheckpointedFile file = CheckpointedFile.open(path, committedLength);
        try {
            CsvSink sink = new CsvSink(file, table, header.size());
            if (file.isEmpty()) {
                sink.writeRow(header.toArray(String[]::new));
            }
            return sink;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public void write(LineRows line) throws IOException {
        for (String[] row : table.apply(line)) {
            writeRow(row);
        }
    }

    private void writeRow(String[] fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                file.write((byte) ',');
            }
            file.write(encoded(i, fields[i]));
        }
        file.write(CRLF);
    }

    private byte[] encoded(int column, String value) {
        if (value == previous[column] && previousEncoded[column] != null) {
            return previousEncoded[column];
        }
        byte[] bytes = encode(value);
        previous[column] = value;
        previousEncoded[column] = bytes;
        return bytes;
    }

    /** Forces the rows written so far to disk and returns the committed byte length. */
    @Override
    public long commit() throws IOException {
        return file.commit();
    }

    public Path path() {
        return file.path();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    /** One record, as {@link #write} would write it, for tests and other encoders. */
    static void writeRecord(OutputStream out, String[] fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(encode(fields[i]));
        }
        out.write(CRLF);
    }

    /** A field as its CSV bytes: UTF-8, quoted only when it holds a comma, quote, CR or LF. */
    static byte[] encode(String value) {
        if (value == null || value.isEmpty()) {
            return EMPTY;
        }
        // The bytes first (vectorised in the JDK), then one pass over them, a word of 8 at a
        // time, for the four bytes that need quoting (ASCII: never inside a UTF-8 character),
        // where four String.indexOf passes were the CSV thread's hottest frame after getBytes.
        byte[] body = value.getBytes(StandardCharsets.UTF_8);
        if (!needsQuotes(body)) {
            return body;
        }
        // the quotes are doubled in the bytes (a quote is one byte in UTF-8), not by
        // String.replace, which built a second String (and an index array) per quoted field
        int quotes = count(body, (byte) '"');
        byte[] quoted = new byte[body.length + quotes + 2];
        quoted[0] = '"';
        if (quotes == 0) {
            System.arraycopy(body, 0, quoted, 1, body.length);
        } else {
            int at = 1;
            for (byte b : body) {
                quoted[at++] = b;
                if (b == '"') {
                    quoted[at++] = '"';
                }
            }
        }
        quoted[quoted.length - 1] = '"';
        return quoted;
    }

    private static boolean needsQuotes(byte[] bytes) {
        int at = 0;
        for (int wordsEnd = bytes.length - 8; at <= wordsEnd; at += 8) {
            long word = (long) WORDS.get(bytes, at);
            if (hasZero(word ^ QUOTES) || hasZero(word ^ COMMAS) || hasZero(word ^ LFS) || hasZero(word ^ CRS)) {
                return true;
            }
        }
        for (; at < bytes.length; at++) {
            byte b = bytes[at];
            if (b == '"' || b == ',' || b == '\n' || b == '\r') {
                return true;
            }
        }
        return false;
    }

    /** Whether a byte of the word is zero (the classic test: exact as to whether, not where). */
    private static boolean hasZero(long word) {
        return ((word - ONES) & ~word & HIGH_BITS) != 0;
    }

    private static int count(byte[] bytes, byte wanted) {
        int count = 0;
        for (byte b : bytes) {
            if (b == wanted) {
                count++;
            }
        }
        return count;
    }
}
