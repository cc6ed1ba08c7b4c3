package dev.audioexport.model;

/**
 * {@code data_row} with its {@code details}. The details beyond the dataset are kept as the
 * export gives them (an object or array as compact JSON), for the {@code data_rows} table.
 */
public record DataRow(String id, String globalKey, String externalId, String rowData,
                      String datasetId, String datasetName,
                      String createdAt, String updatedAt, String lastActivityAt, String createdBy) {
}
