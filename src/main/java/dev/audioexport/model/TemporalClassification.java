package dev.audioexport.model;

import java.math.BigDecimal;

/**
 * A classification placed in time: found under {@code timestamp[startMs]}, ending at the end
 * of its feature's segment that starts there (null when no segment matches).
 */
public record TemporalClassification(String startMs, String endMs, Classification classification) {

    /**
     * A start (a frame key, a segment's first number) as both decoders match it: a number with its
     * trailing zeros stripped, so that "1500", 1500 and 1500.0 are one key (never expanded to
     * plain text: "1e999999999" stays small); null when not a number, or when stripping
     * overflows the scale ("1000e2147483647"), which would otherwise fail the whole run.
     */
    static BigDecimal startKey(String text) {
        try {
            return new BigDecimal(text).stripTrailingZeros();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
