package dev.audioexport.model;

/**
 * A classification placed in time: found under {@code timestamp[startMs]}, ending at the end
 * of its feature's segment that starts there (null when no segment matches).
 */
public record TemporalClassification(String startMs, String endMs, Classification classification) {
}
