package dev.audioexport.model;

import java.util.List;

/**
 * One export line: a data row, what the export carries beside it (media attributes, metadata,
 * attachments) and its entries in every project. {@code mediaAttributes} is the whole object as
 * compact JSON (null when absent). {@code unknownShapes} lists the JSON paths of annotation
 * layouts the decoder did not recognise, so that they are reported instead of dropped in silence.
 */
public record ExportRecord(DataRow dataRow, String mimeType, String mediaAttributes,
                           List<MetadataField> metadata, List<Attachment> attachments,
                           List<ProjectEntry> projects, List<String> unknownShapes) {
}
