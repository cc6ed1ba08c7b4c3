-- The sync command's bookkeeping beside the tables it mirrors (issue 12).
-- ${sync}: one row per project synced into these tables. watermark is the creation time of the
-- export task of its last completed sync, as Labelbox reported it (its clock, not ours): the next
-- incremental sync asks for data rows active since watermark - overlap. Written in the same
-- transaction as the project's last chunk.
CREATE TABLE ${sync} (
    project_id ${text} NOT NULL PRIMARY KEY,
    watermark ${text},
    previous_watermark ${text},
    last_task_id ${text},
    last_execution_id bigint,
    last_mode ${text},
    last_full_sync ${text},
    rows_written bigint,
    synced_at timestamp with time zone
);
-- ${sync_seen}: the data rows a full sync of a project has written so far (mark); committed with
-- each chunk, so a restart keeps them. The last chunk's transaction removes the project's groups
-- not in it (sweep) and then its marks.
CREATE TABLE ${sync_seen} (
    project_id ${text} NOT NULL,
    data_row_id ${text} NOT NULL,
    PRIMARY KEY (project_id, data_row_id)
);
