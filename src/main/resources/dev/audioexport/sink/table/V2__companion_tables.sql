-- The companion tables (shared docs: companion-tables.md) beside the long table, named
-- <table>_<companion>. A new migration, so that an existing long table keeps its rows and gets
-- them added. Columns in contract order; integers bigint, skipped boolean, scores numeric
-- (H2: decfloat), the rest text. Each has an index on the key a line replaces its rows by.
-- ${value}: the column value, quoted (VALUE is a keyword in H2).
CREATE TABLE ${data_rows} (
    data_row_id ${text} NOT NULL,
    global_key ${text},
    external_id ${text},
    row_data ${text},
    dataset_id ${text},
    dataset_name ${text},
    created_at ${text},
    updated_at ${text},
    last_activity_at ${text},
    created_by ${text},
    mime_type ${text},
    media_attributes ${text}
);
CREATE INDEX ${data_rows_key} ON ${data_rows} (data_row_id);

CREATE TABLE ${metadata} (
    data_row_id ${text} NOT NULL,
    position bigint NOT NULL,
    schema_id ${text},
    schema_name ${text},
    ${value} ${text},
    field ${text}
);
CREATE INDEX ${metadata_key} ON ${metadata} (data_row_id);

CREATE TABLE ${attachments} (
    data_row_id ${text} NOT NULL,
    position bigint NOT NULL,
    id ${text},
    type ${text},
    ${value} ${text},
    name ${text}
);
CREATE INDEX ${attachments_key} ON ${attachments} (data_row_id);

CREATE TABLE ${project_data_rows} (
    project_id ${text} NOT NULL,
    data_row_id ${text} NOT NULL,
    project_name ${text},
    ontology_id ${text},
    task_name ${text},
    batch_id ${text},
    batch_name ${text},
    workflow_status ${text},
    priority bigint,
    consensus_expected_label_count bigint,
    label_count bigint NOT NULL
);
CREATE INDEX ${project_data_rows_key} ON ${project_data_rows} (data_row_id, project_id);

CREATE TABLE ${labels} (
    project_id ${text} NOT NULL,
    data_row_id ${text} NOT NULL,
    label_id ${text},
    label_kind ${text},
    version ${text},
    created_at ${text},
    updated_at ${text},
    created_by ${text},
    content_last_updated_at ${text},
    seconds_to_create bigint,
    seconds_to_review bigint,
    skipped boolean,
    consensus_score ${numeric},
    benchmark_score ${numeric},
    review_count bigint NOT NULL
);
CREATE INDEX ${labels_key} ON ${labels} (data_row_id, project_id);

CREATE TABLE ${label_reviews} (
    project_id ${text} NOT NULL,
    data_row_id ${text} NOT NULL,
    label_id ${text},
    position bigint NOT NULL,
    created_at ${text},
    created_by ${text},
    action ${text},
    review ${text}
);
CREATE INDEX ${label_reviews_key} ON ${label_reviews} (data_row_id, project_id);

CREATE TABLE ${workflow_history} (
    project_id ${text} NOT NULL,
    data_row_id ${text} NOT NULL,
    position bigint NOT NULL,
    action ${text},
    created_at ${text},
    created_by ${text},
    previous_task_name ${text},
    previous_task_id ${text},
    next_task_name ${text},
    next_task_id ${text}
);
CREATE INDEX ${workflow_history_key} ON ${workflow_history} (data_row_id, project_id);
