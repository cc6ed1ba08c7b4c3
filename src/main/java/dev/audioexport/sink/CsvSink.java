package dev.audioexport.sink;

import dev.audioexport.mapping.Column;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

/**
 * Rows to an RFC 4180 CSV file: UTF-8 without BOM, comma, CRLF, fields quoted only when they
 * hold a comma, quote, CR or LF, quotes doubled. The header is written only at offset 0, so a
 * restart never repeats it.
 */
public final class CsvSink implements Closeable {

    private final CheckpointedFile file;

    private CsvSink(CheckpointedFile file) {
        this.file = file;
    }

    /** Opens for a fresh start ({@code committedLength} null) or to resume at a committed length. */
    public static CsvSink open(Path path, Long committedLength) throws IOException {
        CheckpointedFile file = CheckpointedFile.open(path, committedLength);
        try {
            if (file.isEmpty()) {
                writeRecord(file.writer(), Column.names().toArray(String[]::new));
            }
            return new CsvSink(file);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    public void write(List<String[]> rows) throws IOException {
        Writer out = file.writer();
        for (String[] row : rows) {
            writeRecord(out, row);
        }
    }

    /** Forces the rows written so far to disk and returns the committed byte length. */
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

    static void writeRecord(Writer out, String[] fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            writeField(out, fields[i]);
        }
        out.write("\r\n");
    }

    private static void writeField(Writer out, String value) throws IOException {
        if (value == null || value.isEmpty()) {
            return;
        }
        if (!needsQuotes(value)) {
            out.write(value);
            return;
        }
        out.write('"');
        int from = 0;
        for (int quote = value.indexOf('"'); quote >= 0; quote = value.indexOf('"', from)) {
            out.write(value, from, quote + 1 - from);
            out.write('"');
            from = quote + 1;
        }
        out.write(value, from, value.length() - from);
        out.write('"');
    }

    private static boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return true;
            }
        }
        return false;
    }
}
