package dev.audioexport.model;

import java.util.List;

/**
 * One export line: a data row and its entries in every project. Only what the output contract
 * needs is kept; {@code unknownShapes} lists the JSON paths of annotation layouts the decoder
 * did not recognise, so that they are reported instead of dropped in silence.
 */
public record ExportRecord(DataRow dataRow, String mimeType, List<ProjectEntry> projects, List<String> unknownShapes) {
}
