package dev.audioexport.model;

import java.util.List;

/** One entry under {@code projects}, keyed by {@code projectId}, with its project details flattened. */
public record ProjectEntry(String projectId, String name, String workflowStatus, String taskName,
                           String batchId, String batchName, String ontologyId, String priority,
                           String consensusExpectedLabelCount, List<WorkflowStep> workflowHistory,
                           List<Label> labels) {
}
