package dev.audioexport.model;

/** {@code data_row}, with the two fields of its {@code details} the output uses. */
public record DataRow(String id, String globalKey, String externalId, String rowData,
                      String datasetId, String datasetName) {
}
