package dev.audioexport.model;

/** An element of {@code project_details.workflow_history} (the export lists them newest first). */
public record WorkflowStep(String action, String createdAt, String createdBy, String previousTaskName,
                           String previousTaskId, String nextTaskName, String nextTaskId) {
}
