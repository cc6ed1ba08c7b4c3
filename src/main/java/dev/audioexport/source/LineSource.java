package dev.audioexport.source;

import java.io.Closeable;
import java.io.IOException;

/** A stream of export lines that can say where it is, so that a restart resumes there. */
public interface LineSource extends Closeable {

    /** The next non-blank line, or null at the end of the input. */
    ExportLine next() throws IOException;

    /** The checkpoint: where a new source opened on it resumes (just after the last line returned). */
    SourcePosition position();

    /** Bytes of the underlying input consumed so far, for progress. */
    long bytesConsumed();

    /** Size of the underlying input in bytes, or -1 when unknown. */
    long size();

    /** Where the lines come from, for messages. */
    String description();

    /**
     * Lines the export itself reported as failed (Labelbox's ERRORS stream), written to the
     * export-errors file rather than returned; 0 for sources that have no such stream.
     */
    default long exportErrors() {
        return 0;
    }

    /** The export task read (Labelbox), or null for sources that have none. */
    default String exportTaskId() {
        return null;
    }

    /** When the export task was created, as the exporting service reports it (ISO-8601), or null. */
    default String exportTaskCreatedAt() {
        return null;
    }
}
