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
}
