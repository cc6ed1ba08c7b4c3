package dev.audioexport.model;

import java.io.Reader;
import java.io.StringReader;

/** Turns one export line (JSON text) into the model. Implementations are not thread-safe. */
public interface ExportDecoder {

    /** The line's text, read to its end (see {@link Utf8Text} for a line's bytes). */
    ExportRecord decode(Reader json) throws MalformedLineException;

    /**
     * The line's UTF-8 bytes decoded without turning them into text first, when this decoder can
     * and the line is valid; null otherwise, and {@link #decode(Reader)} says what is wrong.
     */
    default ExportRecord decodeUtf8(byte[] line) {
        return null;
    }

    /**
     * After {@link #decodeUtf8} gave a record: whether that line held a \\u escape of a surrogate
     * (D800-DFFF), the only way one of its values can hold half a surrogate pair. True when this
     * decoder cannot say.
     */
    default boolean lastUtf8LineEscapedASurrogate() {
        return true;
    }

    default ExportRecord decode(String json) throws MalformedLineException {
        return decode(new StringReader(json));
    }

    /** The decoder the job uses unless told otherwise. */
    static ExportDecoder standard() {
        return new StreamingExportDecoder();
    }
}
