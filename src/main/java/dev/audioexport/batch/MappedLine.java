package dev.audioexport.batch;

import java.util.List;

/** The rows of one export line, the item passed from the processor to the writer. */
public record MappedLine(long lineNumber, List<String[]> rows) {
}
