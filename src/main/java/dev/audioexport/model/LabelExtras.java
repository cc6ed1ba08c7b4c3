package dev.audioexport.model;

import java.util.List;

/** What a label carries beside its annotations and the long table's columns, for the companion tables. */
public record LabelExtras(String labelKind, String version, String contentLastUpdatedAt,
                          String consensusScore, String benchmarkScore, List<Review> reviews) {
}
