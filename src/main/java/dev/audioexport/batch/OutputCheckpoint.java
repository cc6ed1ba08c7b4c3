package dev.audioexport.batch;

import java.io.Serializable;

/**
 * The writer's checkpoint: committed byte lengths of the CSV and the rejects file (a restart
 * truncates both to them) and the totals committed with them.
 */
public record OutputCheckpoint(long csvLength, long rejectsLength, ExportTotals totals) implements Serializable {
}
