package dev.audioexport.model;

/** Turns one export line (UTF-8 JSON text) into the model. Implementations are not thread-safe. */
public interface ExportDecoder {

    ExportRecord decode(String json) throws MalformedLineException;

    /** The decoder the job uses unless told otherwise. */
    static ExportDecoder standard() {
        return new StreamingExportDecoder();
    }
}
