package dev.audioexport.mapping;

import static dev.audioexport.mapping.TableColumn.bool;
import static dev.audioexport.mapping.TableColumn.integer;
import static dev.audioexport.mapping.TableColumn.numeric;
import static dev.audioexport.mapping.TableColumn.text;

import dev.audioexport.model.ExportRecord;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * The companion tables of shared docs companion-tables.md, declared: name, columns in contract
 * order (a public interface: columns are only ever added at the end), what a line replaces of
 * them, and the mapper that gives a decoded line's rows. The CSV and database writers are generic
 * over these definitions.
 */
public enum CompanionTable {

    DATA_ROWS(Scope.DATA_ROW, CompanionRows::dataRows,
            text("data_row_id"), text("global_key"), text("external_id"), text("row_data"), text("dataset_id"),
            text("dataset_name"), text("created_at"), text("updated_at"), text("last_activity_at"),
            text("created_by"), text("mime_type"), text("media_attributes")),
    METADATA(Scope.DATA_ROW, CompanionRows::metadata,
            text("data_row_id"), integer("position"), text("schema_id"), text("schema_name"), text("value"),
            text("field")),
    ATTACHMENTS(Scope.DATA_ROW, CompanionRows::attachments,
            text("data_row_id"), integer("position"), text("id"), text("type"), text("value"), text("name")),
    PROJECT_DATA_ROWS(Scope.PROJECT, CompanionRows::projectDataRows,
            text("project_id"), text("data_row_id"), text("project_name"), text("ontology_id"), text("task_name"),
            text("batch_id"), text("batch_name"), text("workflow_status"), integer("priority"),
            integer("consensus_expected_label_count"), integer("label_count")),
    LABELS(Scope.PROJECT, CompanionRows::labels,
            text("project_id"), text("data_row_id"), text("label_id"), text("label_kind"), text("version"),
            text("created_at"), text("updated_at"), text("created_by"), text("content_last_updated_at"),
            integer("seconds_to_create"), integer("seconds_to_review"), bool("skipped"), numeric("consensus_score"),
            numeric("benchmark_score"), integer("review_count")),
    LABEL_REVIEWS(Scope.PROJECT, CompanionRows::labelReviews,
            text("project_id"), text("data_row_id"), text("label_id"), integer("position"), text("created_at"),
            text("created_by"), text("action"), text("review")),
    WORKFLOW_HISTORY(Scope.PROJECT, CompanionRows::workflowHistory,
            text("project_id"), text("data_row_id"), integer("position"), text("action"), text("created_at"),
            text("created_by"), text("previous_task_name"), text("previous_task_id"), text("next_task_name"),
            text("next_task_id"));

    /**
     * What a line replaces: its data row's rows, or for each project under {@code projects} the
     * rows of that (project_id, data_row_id).
     */
    public enum Scope { DATA_ROW, PROJECT }

    private final Scope scope;
    private final Function<ExportRecord, List<String[]>> mapper;
    private final List<TableColumn> columns;

    CompanionTable(Scope scope, Function<ExportRecord, List<String[]>> mapper, TableColumn... columns) {
        this.scope = scope;
        this.mapper = mapper;
        this.columns = List.of(columns);
    }

    /** {@code data_rows}, ...: the CSV file's base name and the database table's suffix. */
    public String tableName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String fileName() {
        return tableName() + ".csv";
    }

    public Scope scope() {
        return scope;
    }

    public List<TableColumn> columns() {
        return columns;
    }

    public List<String> columnNames() {
        return columns.stream().map(TableColumn::name).toList();
    }

    /** The line's rows of this table, in contract order; each has {@code columns().size()} values, null for empty. */
    public List<String[]> rows(ExportRecord record) {
        return mapper.apply(record);
    }

    /**
     * Tables by name, comma-separated ({@code labels,metadata}); all of them for null or blank.
     *
     * @throws IllegalArgumentException naming an unknown table and the known ones
     */
    public static Set<CompanionTable> parseList(String names) {
        if (names == null || names.isBlank()) {
            return EnumSet.allOf(CompanionTable.class);
        }
        Set<CompanionTable> tables = EnumSet.noneOf(CompanionTable.class);
        for (String name : names.split(",")) {
            String key = name.strip();
            tables.add(Arrays.stream(values()).filter(t -> t.tableName().equals(key)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown table '" + key + "': the companion "
                            + "tables are " + String.join(", ", Arrays.stream(values()).map(CompanionTable::tableName)
                            .toList()))));
        }
        return tables;
    }
}
