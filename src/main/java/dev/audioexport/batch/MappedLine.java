package dev.audioexport.batch;

import dev.audioexport.mapping.LineRows;

/** The rows of one export line for every table written, the item passed from the processor to the writer. */
public record MappedLine(long lineNumber, LineRows rows) {
}
