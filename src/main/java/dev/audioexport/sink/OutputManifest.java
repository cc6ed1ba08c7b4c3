package dev.audioexport.sink;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * {@code manifest.json}, written last into an output directory once every file in it is whole:
 * a downstream loader tells a complete directory from a partial one by its presence. A run (or a
 * restart) that writes the directory again removes it first. Written to a temporary file, forced
 * to disk and renamed, so it is never seen half-written.
 *
 * @param source       what was read, without secrets (a URL's query is left out)
 * @param executionId  the job execution that completed the directory
 * @param contract     the version of the tables' contract (shared docs companion-tables.md)
 * @param rows         rows per table (file name without {@code .csv}), in file order
 * @param rejectedLines lines rejected into {@code rejects.jsonl}
 * @param completedAt  when the last file was committed (ISO-8601, UTC)
 */
public record OutputManifest(String source, long executionId, String contract, Map<String, Long> rows,
                             long rejectedLines, String completedAt) {

    public static final String FILE = "manifest.json";
    /** Version 1: the long table and the seven companion tables of companion-tables.md. */
    public static final String CONTRACT_VERSION = "1";

    /** Removes the manifest of an earlier run: the directory is being written again. */
    public static void removeStale(Path directory) throws IOException {
        Files.deleteIfExists(directory.resolve(FILE));
        Files.deleteIfExists(directory.resolve(FILE + ".tmp"));
    }

    public void writeTo(Path directory) throws IOException {
        String json;
        try (Jsonb jsonb = JsonbBuilder.create(new JsonbConfig().withFormatting(true))) {
            json = jsonb.toJson(this) + "\n";
        } catch (Exception e) {
            throw new IOException("Could not write " + FILE + ": " + e.getMessage(), e);
        }
        Path temporary = directory.resolve(FILE + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temporary, directory.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
