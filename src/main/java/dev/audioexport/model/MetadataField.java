package dev.audioexport.model;

/**
 * An element of {@code metadata_fields}. {@code value} is a string or number as written (an
 * enum's is its option's schema id), a list as compact JSON; {@code json} is the whole element.
 */
public record MetadataField(String schemaId, String schemaName, String value, String json) {
}
