package dev.audioexport.mapping;

import dev.audioexport.model.Attachment;
import dev.audioexport.model.DataRow;
import dev.audioexport.model.ExportRecord;
import dev.audioexport.model.Label;
import dev.audioexport.model.LabelExtras;
import dev.audioexport.model.MetadataField;
import dev.audioexport.model.ProjectEntry;
import dev.audioexport.model.Review;
import dev.audioexport.model.WorkflowStep;
import java.util.ArrayList;
import java.util.List;

/**
 * The mappers of the companion tables ({@link CompanionTable}): one method per table, each a
 * straight reading of its column list in companion-tables.md. Rows follow the input order:
 * project by project, label by label, element by element; {@code position} is the element's
 * 0-based index in its export array.
 */
final class CompanionRows {

    private CompanionRows() {
    }

    static List<String[]> dataRows(ExportRecord record) {
        DataRow row = record.dataRow();
        return List.<String[]>of(new String[] {row.id(), row.globalKey(), row.externalId(), row.rowData(),
                row.datasetId(), row.datasetName(), row.createdAt(), row.updatedAt(), row.lastActivityAt(),
                row.createdBy(), record.mimeType(), record.mediaAttributes()});
    }

    static List<String[]> metadata(ExportRecord record) {
        List<String[]> rows = new ArrayList<>(record.metadata().size());
        for (MetadataField field : record.metadata()) {
            rows.add(new String[] {record.dataRow().id(), position(rows), field.schemaId(), field.schemaName(),
                    field.value(), field.json()});
        }
        return rows;
    }

    static List<String[]> attachments(ExportRecord record) {
        List<String[]> rows = new ArrayList<>(record.attachments().size());
        for (Attachment attachment : record.attachments()) {
            rows.add(new String[] {record.dataRow().id(), position(rows), attachment.id(), attachment.type(),
                    attachment.value(), attachment.name()});
        }
        return rows;
    }

    static List<String[]> projectDataRows(ExportRecord record) {
        List<String[]> rows = new ArrayList<>(record.projects().size());
        for (ProjectEntry project : record.projects()) {
            rows.add(new String[] {project.projectId(), record.dataRow().id(), project.name(), project.ontologyId(),
                    project.taskName(), project.batchId(), project.batchName(), project.workflowStatus(),
                    project.priority(), project.consensusExpectedLabelCount(),
                    String.valueOf(project.labels().size())});
        }
        return rows;
    }

    static List<String[]> labels(ExportRecord record) {
        List<String[]> rows = new ArrayList<>();
        for (ProjectEntry project : record.projects()) {
            for (Label label : project.labels()) {
                LabelExtras extras = label.extras();
                rows.add(new String[] {project.projectId(), record.dataRow().id(), label.id(), extras.labelKind(),
                        extras.version(), label.createdAt(), label.updatedAt(), label.createdBy(),
                        extras.contentLastUpdatedAt(), label.secondsToCreate(), label.secondsToReview(),
                        label.skipped(), extras.consensusScore(), extras.benchmarkScore(),
                        String.valueOf(extras.reviews().size())});
            }
        }
        return rows;
    }

    static List<String[]> labelReviews(ExportRecord record) {
        List<String[]> rows = new ArrayList<>();
        for (ProjectEntry project : record.projects()) {
            for (Label label : project.labels()) {
                List<Review> reviews = label.extras().reviews();
                for (int i = 0; i < reviews.size(); i++) {
                    Review review = reviews.get(i);
                    rows.add(new String[] {project.projectId(), record.dataRow().id(), label.id(), String.valueOf(i),
                            review.createdAt(), review.createdBy(), review.action(), review.json()});
                }
            }
        }
        return rows;
    }

    static List<String[]> workflowHistory(ExportRecord record) {
        List<String[]> rows = new ArrayList<>();
        for (ProjectEntry project : record.projects()) {
            List<WorkflowStep> history = project.workflowHistory();
            for (int i = 0; i < history.size(); i++) {
                WorkflowStep step = history.get(i);
                rows.add(new String[] {project.projectId(), record.dataRow().id(), String.valueOf(i), step.action(),
                        step.createdAt(), step.createdBy(), step.previousTaskName(), step.previousTaskId(),
                        step.nextTaskName(), step.nextTaskId()});
            }
        }
        return rows;
    }

    /** The index the next row's element has: rows are added one per element. */
    private static String position(List<String[]> rows) {
        return String.valueOf(rows.size());
    }
}
