package dev.audioexport.model;

/**
 * An element of {@code label_details.reviews}: its shape is not documented publicly, so the whole
 * element is kept ({@code json}) beside the fields the table lifts out of it.
 */
public record Review(String createdAt, String createdBy, String action, String json) {
}
