package dev.audioexport.batch;

import java.io.Serializable;

/**
 * Running totals of an export across all its executions, saved with every checkpoint (as the
 * step's persistent user data) so that the summary after a restart covers the whole export.
 */
public record ExportTotals(long linesRead, long rowsWritten, long linesRejected, long unknownShapes)
        implements Serializable {

    public static final ExportTotals NONE = new ExportTotals(0, 0, 0, 0);
}
