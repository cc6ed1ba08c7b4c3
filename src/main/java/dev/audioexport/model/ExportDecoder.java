package dev.audioexport.model;

import java.io.Reader;
import java.io.StringReader;

/** Turns one export line (JSON text) into the model. Implementations are not thread-safe. */
public interface ExportDecoder {

    /** The line's text, read to its end (see {@link Utf8Text} for a line's bytes). */
    ExportRecord decode(Reader json) throws MalformedLineException;

    default ExportRecord decode(String json) throws MalformedLineException {
        return decode(new StringReader(json));
    }

    /** The decoder the job uses unless told otherwise. */
    static ExportDecoder standard() {
        return new StreamingExportDecoder();
    }

    /**
     * A new decoder by name: {@code streaming} ({@link StreamingExportDecoder}, also for null or
     * blank) or {@code jsonb} ({@link JsonbExportDecoder}).
     *
     * @throws IllegalArgumentException for any other name
     */
    static ExportDecoder named(String name) {
        String key = name == null ? "" : name.strip();
        return switch (key) {
            case "", "streaming" -> new StreamingExportDecoder();
            case "jsonb" -> new JsonbExportDecoder();
            default -> throw new IllegalArgumentException("unknown decoder '" + name + "': use streaming or jsonb");
        };
    }
}
