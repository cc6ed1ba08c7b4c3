package dev.audioexport.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@link TestExports} whose seconds are whole numbers, as in real exports: the table's integer
 * columns refuse TestExports' {@code seconds_to_review} of {@code n.5} (see TableExportJobTest).
 */
public final class TableTestExports {

    private TableTestExports() {
    }

    public static Path write(Path file, int count, int... badLines) throws IOException {
        TestExports.write(file, count, badLines);
        return wholeSeconds(file);
    }

    /** A newer export of some data rows: each now has the labels of another line of TestExports. */
    static Path newer(Path file, List<Integer> dataRows) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int n : dataRows) {
            lines.append(TestExports.goodLine(n + 1).replace("\"dr" + (n + 1) + "\"", "\"dr" + n + "\""))
                    .append('\n');
        }
        Files.writeString(file, lines, StandardCharsets.UTF_8);
        return wholeSeconds(file);
    }

    private static Path wholeSeconds(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Files.writeString(file, text.replace(".5,\"skipped\"", ",\"skipped\""), StandardCharsets.UTF_8);
        return file;
    }
}
