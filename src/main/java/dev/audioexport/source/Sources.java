package dev.audioexport.source;

import java.io.IOException;
import java.nio.file.Path;

/** Opens a source from its URI: {@code file:PATH} or a bare path. */
public final class Sources {

    /** Lines longer than this are rejected rather than held in memory whole. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 << 20;

    private Sources() {
    }

    public static LineSource open(String uri, SourcePosition resumeFrom) throws IOException {
        Path file = filePath(uri);
        if (resumeFrom != null && !(resumeFrom instanceof FilePosition)) {
            throw new SourceException("The checkpoint of source " + uri + " is not a file position: "
                    + "the source parameter changed since the run started.");
        }
        return FileLineSource.open(file, (FilePosition) resumeFrom, DEFAULT_MAX_LINE_BYTES);
    }

    /** The local file a source URI names; unsupported schemes are refused with the list of supported ones. */
    public static Path filePath(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new SourceException("No source given: pass --source file:PATH (or a path).");
        }
        if (uri.startsWith("file:")) {
            String rest = uri.substring("file:".length());
            return Path.of(rest.startsWith("//") ? rest.substring(2) : rest);
        }
        int colon = uri.indexOf(':');
        if (colon > 1 && uri.substring(0, colon).matches("[a-zA-Z][a-zA-Z0-9+.-]*")) {
            throw new SourceException("Unsupported source '" + uri + "': this version reads file:PATH or a plain path.");
        }
        return Path.of(uri);
    }
}
