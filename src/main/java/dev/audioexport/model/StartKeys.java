package dev.audioexport.model;

import java.math.BigDecimal;

/**
 * Frame starts as numbers ({@link TemporalClassification#startKey}), the last few hundred kept by
 * their text: an export repeats its starts (every label's timestamp keys and segment starts are
 * the same few hundred milliseconds), and parsing and stripping one was ~4 % of the step thread
 * (JFR, 1 GB export). A BigDecimal is immutable, so one instance serves every line. Not
 * thread-safe: one per decoder.
 */
final class StartKeys {

    private static final int SLOTS = 512;

    private final String[] texts = new String[SLOTS];
    private final BigDecimal[] keys = new BigDecimal[SLOTS];

    /** As {@link TemporalClassification#startKey}: null when not a number (not kept). */
    BigDecimal of(String text) {
        int hash = text.hashCode();
        int slot = (hash ^ hash >>> 16) & (SLOTS - 1);
        if (text.equals(texts[slot])) {
            return keys[slot];
        }
        BigDecimal key = TemporalClassification.startKey(text);
        if (key != null) {
            texts[slot] = text;
            keys[slot] = key;
        }
        return key;
    }
}
