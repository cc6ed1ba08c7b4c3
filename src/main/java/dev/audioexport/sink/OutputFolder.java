package dev.audioexport.sink;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The files of an output directory (job parameter {@code outputDir}): {@code annotations.csv},
 * the companion tables' CSVs, {@code rejects.jsonl}, {@code export-errors.jsonl} and, last,
 * {@code manifest.json}. The command line and the server fill the file parameters from it.
 */
public final class OutputFolder {

    public static final String PARAMETER = "outputDir";

    private OutputFolder() {
    }

    /** Sets csv, rejects and exportErrors inside {@code outputDir}, where not given; nothing without one. */
    public static void fill(Properties parameters) {
        String directory = parameters.getProperty(PARAMETER);
        if (directory == null || directory.isBlank()) {
            return;
        }
        Path base = Path.of(directory);
        putIfAbsent(parameters, "csv", base.resolve("annotations.csv"));
        putIfAbsent(parameters, "rejects", base.resolve("rejects.jsonl"));
        putIfAbsent(parameters, "exportErrors", base.resolve("export-errors.jsonl"));
    }

    private static void putIfAbsent(Properties parameters, String name, Path file) {
        String given = parameters.getProperty(name);
        if (given == null || given.isBlank()) {
            parameters.setProperty(name, file.toString());
        }
    }
}
