package dev.audioexport.mapping;

import static dev.audioexport.mapping.Column.*;

import dev.audioexport.model.Answer;
import dev.audioexport.model.AnswerType;
import dev.audioexport.model.Classification;
import dev.audioexport.model.DataRow;
import dev.audioexport.model.ExportRecord;
import dev.audioexport.model.Label;
import dev.audioexport.model.ProjectEntry;
import dev.audioexport.model.TemporalClassification;
import java.util.ArrayList;
import java.util.List;

/**
 * Flattens one export record into the rows of the output contract: one row per answer, nested
 * answers depth first after the answer they hang under, global classifications before temporal
 * ones. Nothing disappears: a data row without projects, a project without labels and a label
 * without classifications each still give one row.
 */
public final class RowMapper {

    /** A row is an array of {@link Column#COUNT} values; null is an empty field. */
    public List<String[]> map(ExportRecord record) {
        List<String[]> rows = new ArrayList<>();
        String[] base = new String[Column.COUNT];
        putDataRow(base, record);
        if (record.projects().isEmpty()) {
            rows.add(base);
        }
        for (ProjectEntry project : record.projects()) {
            String[] projectRow = base.clone();
            putProject(projectRow, project);
            if (project.labels().isEmpty()) {
                rows.add(projectRow);
            }
            for (Label label : project.labels()) {
                mapLabel(rows, projectRow, label);
            }
        }
        return rows;
    }

    private static void putDataRow(String[] row, ExportRecord record) {
        DataRow dataRow = record.dataRow();
        row[DATA_ROW_ID.ordinal()] = dataRow.id();
        row[GLOBAL_KEY.ordinal()] = dataRow.globalKey();
        row[EXTERNAL_ID.ordinal()] = dataRow.externalId();
        row[ROW_DATA.ordinal()] = dataRow.rowData();
        row[DATASET_ID.ordinal()] = dataRow.datasetId();
        row[DATASET_NAME.ordinal()] = dataRow.datasetName();
        row[MIME_TYPE.ordinal()] = record.mimeType();
    }

    private static void putProject(String[] row, ProjectEntry project) {
        row[PROJECT_ID.ordinal()] = project.projectId();
        row[PROJECT_NAME.ordinal()] = project.name();
        row[WORKFLOW_STATUS.ordinal()] = project.workflowStatus();
        row[TASK_NAME.ordinal()] = project.taskName();
        row[BATCH_ID.ordinal()] = project.batchId();
        row[BATCH_NAME.ordinal()] = project.batchName();
    }

    private static void mapLabel(List<String[]> rows, String[] projectRow, Label label) {
        String[] labelRow = projectRow.clone();
        labelRow[LABEL_ID.ordinal()] = label.id();
        labelRow[LABEL_CREATED_AT.ordinal()] = label.createdAt();
        labelRow[LABEL_UPDATED_AT.ordinal()] = label.updatedAt();
        labelRow[LABEL_CREATED_BY.ordinal()] = label.createdBy();
        labelRow[SECONDS_TO_CREATE.ordinal()] = label.secondsToCreate();
        labelRow[SECONDS_TO_REVIEW.ordinal()] = label.secondsToReview();
        labelRow[SKIPPED.ordinal()] = label.skipped();
        int before = rows.size();
        for (Classification classification : label.classifications()) {
            mapClassification(rows, labelRow, classification, "", null);
        }
        for (TemporalClassification temporal : label.temporal()) {
            String[] timed = labelRow.clone();
            timed[START_MS.ordinal()] = temporal.startMs();
            timed[END_MS.ordinal()] = temporal.endMs();
            mapClassification(rows, timed, temporal.classification(), "", null);
        }
        if (rows.size() == before) {
            rows.add(labelRow);
        }
    }

    private static void mapClassification(List<String[]> rows, String[] labelRow, Classification question,
                                          String parentPath, String parentAnswerId) {
        String path = parentPath.concat(pathStep(question.valueOrName()));
        String[] row = labelRow.clone();
        row[CLASSIFICATION_PATH.ordinal()] = path;
        row[QUESTION_NAME.ordinal()] = question.name();
        row[QUESTION_VALUE.ordinal()] = question.valueOrName();
        row[QUESTION_SCHEMA_ID.ordinal()] = question.featureSchemaId();
        row[QUESTION_FEATURE_ID.ordinal()] = question.featureId();
        row[ANSWER_TYPE.ordinal()] = question.type().columnValue();
        row[PARENT_ANSWER_FEATURE_ID.ordinal()] = parentAnswerId;
        switch (question.type()) {
            case RADIO, CHECKLIST -> mapAnswers(rows, labelRow, row, question, path);
            case TEXT -> {
                row[ANSWER_TEXT.ordinal()] = question.text();
                rows.add(row);
            }
            case UNKNOWN -> rows.add(row);
        }
    }

    /**
     * A radio answer (null when none) or each checked answer, each on its row (a checklist with
     * none: the question's row alone). One call of mapAnswer for both kinds, on purpose: C2 inlines
     * the recursion through nested questions once, and each call site of mapAnswer doubled what it
     * compiled (with two sites, mapClassification was 32 KB of machine code, 1.1 s of C2).
     */
    private static void mapAnswers(List<String[]> rows, String[] labelRow, String[] questionRow,
                                   Classification question, String path) {
        List<Answer> checked = question.type() == AnswerType.RADIO ? null : question.checklistAnswers();
        if (checked != null && checked.isEmpty()) {
            rows.add(questionRow);
            return;
        }
        int count = checked == null ? 1 : checked.size();
        for (int i = 0; i < count; i++) {
            Answer answer = checked == null ? question.radioAnswer() : checked.get(i);
            mapAnswer(rows, labelRow, checked == null ? questionRow : questionRow.clone(), answer, path);
        }
    }

    private static void mapAnswer(List<String[]> rows, String[] labelRow, String[] row, Answer answer, String path) {
        rows.add(row);
        if (answer == null) {
            return;
        }
        row[ANSWER_NAME.ordinal()] = answer.name();
        row[ANSWER_VALUE.ordinal()] = answer.valueOrName();
        row[ANSWER_SCHEMA_ID.ordinal()] = answer.featureSchemaId();
        row[ANSWER_FEATURE_ID.ordinal()] = answer.featureId();
        if (!answer.classifications().isEmpty()) {  // most answers: no path of nested questions to build
            mapNested(rows, labelRow, answer, path);
        }
    }

    /**
     * The questions nested under an answer. A method of its own, with the path's concatenation: C2
     * inlines the recursion (answer, question, answer) once, and each level brought its string
     * concatenation along; mapAnswer alone compiled to 29 KB of machine code in 1.5 s of C2.
     */
    private static void mapNested(List<String[]> rows, String[] labelRow, Answer answer, String path) {
        String nestedPath = nestedPath(path, pathStep(answer.valueOrName()));
        for (Classification nested : answer.classifications()) {
            mapClassification(rows, labelRow, nested, nestedPath, answer.featureId());
        }
    }

    /**
     * {@code path/step/}. Not with {@code +}: each string concatenation compiles to a tree of method
     * handles that C2 inlines whole, and the recursion above inlined several of them into one
     * compilation (19 of StringConcatHelper's prepend in mapAnswer's).
     */
    private static String nestedPath(String path, String step) {
        return new StringBuilder(path.length() + step.length() + 2).append(path).append('/').append(step).append('/')
                .toString();
    }

    /** A step of {@code classification_path}: empty, not the text "null", when value and name are both missing. */
    private static String pathStep(String valueOrName) {
        return valueOrName == null ? "" : valueOrName;
    }
}
