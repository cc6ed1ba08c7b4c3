package dev.audioexport.source;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Job parameters that tune a source, read with checks whose messages name the parameter. A
 * blank value means unset: JBeret hands an unset parameter over as an empty string, and a
 * restart clears one by passing it empty.
 */
public final class SourceParameters {

    public static final SourceParameters NONE = new SourceParameters(Map.of());

    private final Map<String, String> values;

    private SourceParameters(Map<String, String> values) {
        this.values = values;
    }

    public static SourceParameters of(Map<String, String> values) {
        return new SourceParameters(Map.copyOf(values));
    }

    public static SourceParameters of(Properties properties) {
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return new SourceParameters(Map.copyOf(values));
    }

    public Optional<String> text(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    public int wholeNumber(String name, int defaultValue, int min) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value.get());
            if (number >= min) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SourceException(name + " must be a whole number of at least " + min + ", not '" + value.get() + "'");
    }

    public double decimal(String name, double defaultValue, double min) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            double number = Double.parseDouble(value.get());
            if (number >= min && Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SourceException(name + " must be a number of at least " + min + ", not '" + value.get() + "'");
    }
}
