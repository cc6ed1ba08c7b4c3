package dev.audioexport.sink;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Where rows of the output contract go, with a commit that makes them durable. */
public interface RowSink extends Closeable {

    void write(List<String[]> rows) throws IOException;

    /** Makes everything written so far durable and returns the sink's checkpoint value. */
    long commit() throws IOException;
}
