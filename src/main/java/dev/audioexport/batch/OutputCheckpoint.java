package dev.audioexport.batch;

import java.io.Serializable;
import java.util.Map;

/**
 * The writer's checkpoint: committed byte lengths of the CSV (null when the run writes no CSV)
 * and of the rejects file, which a restart truncates both to, and the totals committed with
 * them; with an output directory, each companion table's CSV length by table name, truncated to
 * as well (null without one), and the rows committed per companion table (files or database).
 * The table needs no position: a restart replaces the rows of the chunks it writes again.
 */
public record OutputCheckpoint(Long csvLength, long rejectsLength, ExportTotals totals,
                               Map<String, Long> companionLengths, Map<String, Long> companionRows)
        implements Serializable {

    public OutputCheckpoint(Long csvLength, long rejectsLength, ExportTotals totals) {
        this(csvLength, rejectsLength, totals, null, null);
    }
}
