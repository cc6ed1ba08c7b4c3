package dev.audioexport.model;

import java.util.List;

/**
 * One label. Numbers are kept as written in the export (text), booleans as {@code true}/{@code false}.
 * {@code classifications} are the global ones; {@code temporal} are sorted by ascending start.
 */
public record Label(String id, String createdAt, String updatedAt, String createdBy,
                    String secondsToCreate, String secondsToReview, String skipped,
                    List<Classification> classifications, List<TemporalClassification> temporal,
                    LabelExtras extras) {
}
