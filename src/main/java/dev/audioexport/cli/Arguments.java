package dev.audioexport.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options, {@code --flag}s and positional arguments, checked against what a command accepts. */
final class Arguments {

    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    static Arguments parse(List<String> args, Set<String> valueOptions, Set<String> flags) {
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                parsed.positional.add(arg);
            } else if (parsed.options.containsKey(arg)) {
                throw new UsageException("option " + arg + " is given twice");  // which one was meant?
            } else if (flags.contains(arg)) {
                parsed.options.put(arg, "true");
            } else if (valueOptions.contains(arg)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("option " + arg + " needs a value");
                }
                parsed.options.put(arg, args.get(++i));
            } else {
                throw new UsageException("unknown option " + arg);
            }
        }
        return parsed;
    }

    String get(String option) {
        return options.get(option);
    }

    String required(String option) {
        String value = options.get(option);
        if (value == null || value.isBlank()) {
            throw new UsageException("missing " + option);
        }
        return value;
    }

    boolean has(String option) {
        return options.containsKey(option);
    }

    int intValue(String option, int defaultValue, int min) {
        return intValue(option, defaultValue, min, Integer.MAX_VALUE);
    }

    int intValue(String option, int defaultValue, int min, int max) {
        String value = options.get(option);
        if (value == null) {
            return defaultValue;
        }
        try {
            int number = value.chars().allMatch(c -> c >= '0' && c <= '9') ? Integer.parseInt(value) : -1;
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        String range = max == Integer.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max;
        throw new UsageException(option + " must be a whole number " + range + ", not '" + value + "'");
    }

    List<String> positional() {
        return positional;
    }
}
