package dev.audioexport.model;

/** An element of {@code attachments}. */
public record Attachment(String id, String type, String value, String name) {
}
