package dev.audioexport.sink;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The first records of a rejects file ({@link RejectsSink}) as operators may see them: line,
 * byte offset and reason only. The raw line is never returned, as it may hold personal data.
 * Reads at most {@code count} records and {@value #MAX_RECORD_CHARS} characters per record, so a
 * file that is not a rejects file (any file under the output directory can be named) costs
 * little and gives nothing of its content.
 */
public final class RejectRecords {

    /** A record of {@link RejectsSink} is its 4 KiB raw line escaped plus a reason: far below this. */
    static final int MAX_RECORD_CHARS = 64 * 1024;

    /** One rejected line: where it was in the source, and why. */
    public record Reject(long line, long offset, String reason) {
    }

    /**
     * @param rejects the first records, in file order
     * @param more whether the file holds records after them
     */
    public record Head(List<Reject> rejects, boolean more) {
    }

    private RejectRecords() {
    }

    /** The first {@code count} records of {@code file}; none when it does not exist (no line rejected yet). */
    public static Head first(Path file, int count) throws IOException {
        if (!Files.isRegularFile(file)) {
            return new Head(List.of(), false);
        }
        List<Reject> rejects = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String record;
            while ((record = boundedLine(in, file)) != null) {
                if (record.isBlank()) {
                    continue;
                }
                if (rejects.size() == count) {
                    return new Head(rejects, true);
                }
                rejects.add(parse(record, file, rejects.size() + 1));
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IOException(file + " is not a rejects file: it is not UTF-8 text", e);
        }
        return new Head(rejects, false);
    }

    /** The next line without its end, or null at the end of the file; refuses lines longer than a record can be. */
    private static String boundedLine(Reader in, Path file) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (line.length() == MAX_RECORD_CHARS) {
                throw new IOException(file + " is not a rejects file: a line is longer than " + MAX_RECORD_CHARS
                        + " characters");
            }
            line.append((char) c);
        }
        return c == -1 && line.length() == 0 ? null : line.toString();
    }

    private static Reject parse(String record, Path file, int index) throws IOException {
        try (var reader = Json.createReader(new StringReader(record))) {
            JsonObject json = reader.readObject();
            return new Reject(number(json, "line"), number(json, "offset"), text(json, "reason"));
        } catch (JsonException | ClassCastException e) {
            throw new IOException(file + " is not a rejects file: record " + index
                    + " is not a JSON object with line, offset and reason", e);
        }
    }

    private static long number(JsonObject json, String name) {
        return ((JsonNumber) required(json, name)).longValue();
    }

    private static String text(JsonObject json, String name) {
        return ((JsonString) required(json, name)).getString();
    }

    private static JsonValue required(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value == null) {
            throw new JsonException("no field '" + name + "'");
        }
        return value;
    }
}
