package dev.audioexport.batch;

import java.io.Serializable;

/**
 * The writer's checkpoint: committed byte lengths of the CSV (null when the run writes no CSV)
 * and of the rejects file, which a restart truncates both to, and the totals committed with
 * them. The table needs no position: a restart replaces the rows of the chunks it writes again.
 */
public record OutputCheckpoint(Long csvLength, long rejectsLength, ExportTotals totals) implements Serializable {
}
