package dev.audioexport.bench;

import dev.audioexport.batch.TableTestExports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A synthetic export for the database benchmark when {@code SyntheticExport} is not at hand:
 * TestExports' lines (nested, temporal, multibyte free text, 4-12 rows a line) with whole
 * seconds, as real exports have, since the table's integer columns refuse fractions.
 * <p>Usage: {@code java -cp TEST_CLASSPATH dev.audioexport.bench.WholeSecondsExport FILE SIZE_MB}.
 */
public final class WholeSecondsExport {

    /** TestExports lines average about 1.87 KB. */
    private static final double LINES_PER_MB = 535;

    private WholeSecondsExport() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int lines = (int) Math.round(Double.parseDouble(args[1]) * LINES_PER_MB);
        TableTestExports.write(file, lines);
        System.out.printf("%s: %d lines, %.1f MB%n", file, lines, Files.size(file) / 1e6);
    }
}
