package dev.audioexport.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Export lines made from the seed sample's one line, with the data row, project, label, last
 * activity and text answer of one's choosing (sync tests and the sync benchmark).
 */
public final class SeedLines {

    /** The sample's last activity. */
    public static final String OLD = "2023-10-17T20:33:05.000+00:00";
    private static final String TEMPLATE = read();

    private SeedLines() {
    }

    public static String line(String project, String dataRow, String lastActivity, String answer) {
        return TEMPLATE.replace("clftvvbln01cb07343mpx8n1l", dataRow)
                .replace("clnus6sqx08k607yd0d33gfld", project)
                .replace("\"last_activity_at\":\"" + OLD + "\"", "\"last_activity_at\":\"" + lastActivity + "\"")
                .replace("clnus731g4gc6143uyfqfbjth", "label-" + project + "-" + dataRow)
                .replace("free text audio annotation", answer);
    }

    /** Bytes of a line, near enough (the sample's). */
    public static int length() {
        return TEMPLATE.length() + 1;
    }

    private static String read() {
        try {
            return Files.readString(Path.of("src/test/resources/samples/seed-audio-export.ndjson")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
