package dev.audioexport.sink;

import dev.audioexport.mapping.LineRows;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Where the rows of export lines go, with a commit that makes them durable. */
public interface RowSink extends Closeable {

    /** Adds one line's rows (each sink takes the tables it writes). */
    void write(LineRows line) throws IOException;

    /** Adds one line's long-table rows, for a run without companion tables. */
    default void write(List<String[]> rows) throws IOException {
        write(LineRows.annotationsOnly(rows));
    }

    /** Makes everything written so far durable and returns the sink's checkpoint value. */
    long commit() throws IOException;
}
