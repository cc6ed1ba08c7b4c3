package dev.audioexport.mapping;

import dev.audioexport.model.ExportRecord;
import dev.audioexport.model.ProjectEntry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything one decoded export line gives the outputs: its long-table rows and its rows of each
 * companion table written, with what the line describes (its data row, its projects), which is
 * what a database replaces even when the line gives a table no row.
 */
public record LineRows(String dataRowId, List<String> projectIds, List<String[]> annotations,
                       Map<CompanionTable, List<String[]>> companions) {

    /** The long-table rows alone, as a run without companion tables has them. */
    public static LineRows annotationsOnly(List<String[]> rows) {
        String dataRowId = rows.isEmpty() ? null : rows.get(0)[Column.DATA_ROW_ID.ordinal()];
        return new LineRows(dataRowId, List.of(), rows, Map.of());
    }

    /** The rows of {@code record} for the long table and each of {@code tables}, mapped from the one decoded line. */
    public static LineRows of(ExportRecord record, List<String[]> annotations, Set<CompanionTable> tables) {
        Map<CompanionTable, List<String[]>> companions = new EnumMap<>(CompanionTable.class);
        for (CompanionTable table : tables) {
            companions.put(table, table.rows(record));
        }
        List<String> projectIds = new ArrayList<>(record.projects().size());
        for (ProjectEntry project : record.projects()) {
            projectIds.add(project.projectId());
        }
        return new LineRows(record.dataRow().id(), projectIds, annotations, companions);
    }

    /** The line's rows of {@code table}; none when the table is not written. */
    public List<String[]> rows(CompanionTable table) {
        return companions.getOrDefault(table, List.of());
    }

    /** Rows of every companion table, for value checks. */
    public Iterable<Map.Entry<CompanionTable, List<String[]>>> companionRows() {
        return companions.entrySet();
    }
}
