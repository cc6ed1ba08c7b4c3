package dev.audioexport.mapping;

import java.util.List;

/**
 * The columns of the output contract, in contract order: the CSV header and the database
 * table's columns. A public interface: it changes only by adding columns at the end.
 */
public enum Column {
    DATA_ROW_ID, GLOBAL_KEY, EXTERNAL_ID, ROW_DATA, DATASET_ID, DATASET_NAME, MIME_TYPE,
    PROJECT_ID, PROJECT_NAME, WORKFLOW_STATUS, TASK_NAME, BATCH_ID, BATCH_NAME,
    LABEL_ID, LABEL_CREATED_AT, LABEL_UPDATED_AT, LABEL_CREATED_BY,
    SECONDS_TO_CREATE, SECONDS_TO_REVIEW, SKIPPED,
    CLASSIFICATION_PATH, QUESTION_NAME, QUESTION_VALUE, QUESTION_SCHEMA_ID, QUESTION_FEATURE_ID,
    ANSWER_TYPE, ANSWER_NAME, ANSWER_VALUE, ANSWER_SCHEMA_ID, ANSWER_FEATURE_ID, ANSWER_TEXT,
    PARENT_ANSWER_FEATURE_ID, START_MS, END_MS;

    public static final int COUNT = values().length;

    /** The column name as it appears in the header and the table. */
    public String columnName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static List<String> names() {
        return java.util.Arrays.stream(values()).map(Column::columnName).toList();
    }
}
