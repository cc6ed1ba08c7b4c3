package dev.audioexport.batch;

import java.io.Serializable;

/**
 * Running totals of an export across all its executions, saved with every checkpoint (as the
 * step's persistent user data) so that the summary after a restart covers the whole export.
 *
 * @param exportErrors lines of the export's own ERRORS stream (Labelbox), written to the export-errors file
 */
public record ExportTotals(long linesRead, long rowsWritten, long linesRejected, long unknownShapes,
        long exportErrors) implements Serializable {

    public static final ExportTotals NONE = new ExportTotals(0, 0, 0, 0, 0);

    /** Totals of a source without an ERRORS stream. */
    public ExportTotals(long linesRead, long rowsWritten, long linesRejected, long unknownShapes) {
        this(linesRead, rowsWritten, linesRejected, unknownShapes, 0);
    }
}
