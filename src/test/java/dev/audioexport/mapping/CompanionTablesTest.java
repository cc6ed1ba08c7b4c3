package dev.audioexport.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.model.ExportDecoder;
import dev.audioexport.model.ExportRecord;
import dev.audioexport.model.MalformedLineException;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Golden rows per companion table, written by hand from companion-tables.md: a line with
 * metadata of every kind, attachments, reviews, scores and media attributes, and the real
 * export sample (data-row details and workflow history). JSON columns are compared as parsed
 * JSON, as the contract says consumers read them.
 */
class CompanionTablesTest {

    private static final String LINE = """
            {"data_row":{"id":"dr1","global_key":"gk1","external_id":"ext1","row_data":"https://x/a.wav",
              "details":{"dataset_id":"ds1","dataset_name":"Calls","created_at":"2024-01-02T03:04:05.000+00:00",
                "updated_at":"2024-01-03T00:00:00.000+00:00","last_activity_at":"2024-02-01T00:00:00.000+00:00",
                "created_by":"ann@example.com","unknown":{"ignored":true}}},
             "media_attributes":{"mime_type":"audio/wav","duration_ms":12000.50,"sample_rate":4.41e4,"channels":2,
               "tags":["a", "b"],"codec":null},
             "metadata_fields":[
               {"schema_id":"s-speaker","schema_name":"speaker","value":"Ann, \\"the\\" host"},
               {"schema_id":"s-split","schema_name":"split","schema_kind":"CustomMetadataEnum","value":"opt-train"},
               {"schema_id":"s-rec","schema_name":"recorded_at","value":"2024-01-01T10:00:00.000Z"},
               {"schema_id":"s-snr","schema_name":"snr_db","value":17.250},
               {"schema_id":"s-langs","schema_name":"languages",
                "value":[{"schema_id":"opt-en","schema_name":"en"},{"schema_id":"opt-fr","schema_name":"fr"}]}],
             "attachments":[{"id":"at1","type":"TEXT","value":"transcript draft","name":"draft"},
               {"type":"IMAGE","value":"https://x/spec.png"}],
             "projects":{"p1":{"name":"Calls QA","labels":[{"id":"l1","label_kind":"Default","version":"1.0.0",
                 "label_details":{"created_at":"2024-02-01T00:00:00.000+00:00","updated_at":"2024-02-02T00:00:00.000+00:00",
                   "created_by":"lab@example.com","content_last_updated_at":"2024-02-01T12:00:00.000+00:00",
                   "reviews":[{"id":"r1","action":"Approve","created_at":"2024-02-03T00:00:00.000+00:00",
                     "created_by":"rev@example.com","score":1.0}]},
                 "performance_details":{"seconds_to_create":30,"seconds_to_review":5.0,"skipped":false,
                   "consensus_score":0.85,"benchmark_score":1e-2},
                 "annotations":{"classifications":[]}}],
               "project_details":{"ontology_id":"o1","task_name":"Done","batch_id":"b1","batch_name":"B",
                 "workflow_status":"DONE","priority":3,"consensus_expected_label_count":1,
                 "workflow_history":[
                   {"action":"Approve","created_at":"2024-02-03T00:00:00.000+00:00","created_by":"rev@example.com",
                    "previous_task_name":"Review","previous_task_id":"t2"},
                   {"action":"Move","created_at":"2024-02-01T00:00:00.000+00:00","created_by":"lab@example.com",
                    "next_task_name":"Review","next_task_id":"t2"}]}},
               "p2":{"name":"Empty","labels":[]}}}
            """;

    private final ExportDecoder decoder = ExportDecoder.standard();

    @Test
    void dataRows() throws Exception {
        List<String[]> rows = rows(LINE, CompanionTable.DATA_ROWS);
        assertEquals(1, rows.size());
        String[] row = rows.get(0);
        assertRow(new String[] {"dr1", "gk1", "ext1", "https://x/a.wav", "ds1", "Calls", "2024-01-02T03:04:05.000+00:00",
                "2024-01-03T00:00:00.000+00:00", "2024-02-01T00:00:00.000+00:00", "ann@example.com", "audio/wav",
                "{\"mime_type\":\"audio/wav\",\"duration_ms\":12000.50,\"sample_rate\":4.41e4,\"channels\":2,"
                        + "\"tags\":[\"a\",\"b\"],\"codec\":null}"}, row, 11);
        assertTrue(row[11].contains("\"sample_rate\":4.41e4") && row[11].contains("12000.50"),
                "numbers as written: " + row[11]);
        assertEquals(-1, row[11].indexOf(' '), "compact: " + row[11]);
    }

    @Test
    void metadataOfEveryKind() throws Exception {
        List<String[]> rows = rows(LINE, CompanionTable.METADATA);
        assertEquals(5, rows.size());
        assertRow(new String[] {"dr1", "0", "s-speaker", "speaker", "Ann, \"the\" host",
                "{\"schema_id\":\"s-speaker\",\"schema_name\":\"speaker\",\"value\":\"Ann, \\\"the\\\" host\"}"}, rows.get(0), 5);
        assertRow(new String[] {"dr1", "1", "s-split", "split", "opt-train",
                "{\"schema_id\":\"s-split\",\"schema_name\":\"split\",\"schema_kind\":\"CustomMetadataEnum\","
                        + "\"value\":\"opt-train\"}"}, rows.get(1), 5);
        assertRow(new String[] {"dr1", "2", "s-rec", "recorded_at", "2024-01-01T10:00:00.000Z",
                "{\"schema_id\":\"s-rec\",\"schema_name\":\"recorded_at\",\"value\":\"2024-01-01T10:00:00.000Z\"}"},
                rows.get(2), 5);
        assertRow(new String[] {"dr1", "3", "s-snr", "snr_db", "17.250",
                "{\"schema_id\":\"s-snr\",\"schema_name\":\"snr_db\",\"value\":17.250}"}, rows.get(3), 5);
        String list = "[{\"schema_id\":\"opt-en\",\"schema_name\":\"en\"},{\"schema_id\":\"opt-fr\",\"schema_name\":\"fr\"}]";
        assertJson(list, rows.get(4)[4]);
        assertRow(new String[] {"dr1", "4", "s-langs", "languages", rows.get(4)[4],
                "{\"schema_id\":\"s-langs\",\"schema_name\":\"languages\",\"value\":" + list + "}"}, rows.get(4), 5);
    }

    @Test
    void attachments() throws Exception {
        List<String[]> rows = rows(LINE, CompanionTable.ATTACHMENTS);
        assertEquals(2, rows.size());
        assertRow(new String[] {"dr1", "0", "at1", "TEXT", "transcript draft", "draft"}, rows.get(0), -1);
        assertRow(new String[] {"dr1", "1", null, "IMAGE", "https://x/spec.png", null}, rows.get(1), -1);
    }

    @Test
    void projectDataRowsOnePerProjectWithTheirLabelCount() throws Exception {
        List<String[]> rows = rows(LINE, CompanionTable.PROJECT_DATA_ROWS);
        assertEquals(2, rows.size());
        assertRow(new String[] {"p1", "dr1", "Calls QA", "o1", "Done", "b1", "B", "DONE", "3", "1", "1"}, rows.get(0), -1);
        assertRow(new String[] {"p2", "dr1", "Empty", null, null, null, null, null, null, null, "0"}, rows.get(1), -1);
    }

    @Test
    void labelsWithTheirScoresAsWritten() throws Exception {
        List<String[]> rows = rows(LINE, CompanionTable.LABELS);
        assertEquals(1, rows.size());
        assertRow(new String[] {"p1", "dr1", "l1", "Default", "1.0.0", "2024-02-01T00:00:00.000+00:00",
                "2024-02-02T00:00:00.000+00:00", "lab@example.com", "2024-02-01T12:00:00.000+00:00", "30", "5.0", "false",
                "0.85", "1e-2", "1"}, rows.get(0), -1);
    }

    @Test
    void labelReviewsKeepTheWholeReview() throws Exception {
        List<String[]> rows = rows(LINE, CompanionTable.LABEL_REVIEWS);
        assertEquals(1, rows.size());
        assertRow(new String[] {"p1", "dr1", "l1", "0", "2024-02-03T00:00:00.000+00:00", "rev@example.com", "Approve",
                "{\"id\":\"r1\",\"action\":\"Approve\",\"created_at\":\"2024-02-03T00:00:00.000+00:00\","
                        + "\"created_by\":\"rev@example.com\",\"score\":1.0}"}, rows.get(0), 7);
    }

    @Test
    void workflowHistoryNewestFirstAsGiven() throws Exception {
        List<String[]> rows = rows(LINE, CompanionTable.WORKFLOW_HISTORY);
        assertEquals(2, rows.size());
        assertRow(new String[] {"p1", "dr1", "0", "Approve", "2024-02-03T00:00:00.000+00:00", "rev@example.com", "Review",
                "t2", null, null}, rows.get(0), -1);
        assertRow(new String[] {"p1", "dr1", "1", "Move", "2024-02-01T00:00:00.000+00:00", "lab@example.com", null, null,
                "Review", "t2"}, rows.get(1), -1);
    }

    @Test
    void aLineWithoutCompanionBlocksGivesItsDataRowAndNothingElse() throws Exception {
        String line = "{\"data_row\":{\"id\":\"d\"}}";
        assertRow(new String[] {"d", null, null, null, null, null, null, null, null, null, null, null},
                rows(line, CompanionTable.DATA_ROWS).get(0), -1);
        for (CompanionTable table : List.of(CompanionTable.METADATA, CompanionTable.ATTACHMENTS,
                CompanionTable.PROJECT_DATA_ROWS, CompanionTable.LABELS, CompanionTable.WORKFLOW_HISTORY)) {
            assertEquals(0, rows(line, table).size(), table.tableName());
        }
    }

    @Test
    void aScalarColumnWhoseValueIsAnObjectHoldsItAsCompactJson() throws Exception {
        String line = "{\"data_row\":{\"id\":\"d\",\"details\":{\"created_by\":{\"email\":\"a@b\", \"id\": 7}}}}";
        assertEquals("{\"email\":\"a@b\",\"id\":7}", rows(line, CompanionTable.DATA_ROWS).get(0)[9]);
    }

    @Test
    void halfASurrogatePairStaysAnEscapeInJsonColumns() throws Exception {
        String line = "{\"data_row\":{\"id\":\"d\"},\"media_attributes\":{\"title\":\"\\ud83d and \\ud83d\\ude00\"}}";
        assertEquals("{\"title\":\"\\ud83d and \uD83D\uDE00\"}", rows(line, CompanionTable.DATA_ROWS).get(0)[11]);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"data_row\":{\"id\":\"d\"},\"attachments\":{}}|field attachments has the wrong type: expected an array, found an object",
        "{\"data_row\":{\"id\":\"d\"},\"metadata_fields\":[\"x\"]}|field metadata_fields[0] has the wrong type: expected an object, found a string",
        "{\"data_row\":{\"id\":\"d\"},\"media_attributes\":[]}|field media_attributes has the wrong type: expected an object, found an array",
        "{\"data_row\":{\"id\":\"d\"},\"media_attributes\":{\"mime_type\":5}}|field media_attributes.mime_type has the wrong type: expected a string, found a number",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"label_details\":{\"reviews\":[1]}}]}}}|field projects.p.labels[0].label_details.reviews[0] has the wrong type: expected an object, found a number",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"project_details\":{\"workflow_history\":[null]}}}}|field projects.p.project_details.workflow_history[0] has the wrong type: expected an object, found null",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"project_details\":{\"workflow_history\":\"Move\"}}}}|field projects.p.project_details.workflow_history has the wrong type: expected an array, found a string",
    })
    void aCompanionBlockOfTheWrongTypeRejectsTheLineNamingTheField(String line, String reason) {
        MalformedLineException e = assertThrows(MalformedLineException.class, () -> decoder.decode(line));
        assertEquals(reason, e.getMessage());
    }

    /** The real export: data-row details and workflow history on its lines (counts from the file by hand). */
    @Test
    void theRealExportSample() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/samples/real-image-export.ndjson"),
                StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        String first = lines.get(0);
        assertRow(new String[] {"clhq7q8wu2j3o075ygup5ezbx", null, "180223_TF_G_E_DJI_0430.JPG",
                "https://storage.labelbox.com/clfl1h1wi05sj07vjewprhj0s%2F49a4cc30-ae48-eb78-5d6f-0a8595247396-"
                        + "180223_TF_G_E_DJI_0430.JPG?Expires=1697187460210&KeyName=labelbox-assets-key-3&Signature="
                        + "lyYD-qgG3HRgj7T89BLQh_oVYqw",
                "clhq7owrj06yw07wk27z699yb", "ATTO Terra Firma Ground East", "2023-05-16T11:50:48.000+00:00",
                "2023-05-16T11:50:48.000+00:00", "2023-10-02T07:17:01.000+00:00", "annotator1@example.com", "image/jpeg",
                "{\"height\":3956,\"width\":5280,\"mime_type\":\"image/jpeg\",\"exif_rotation\":\"1\"}"},
                rows(first, CompanionTable.DATA_ROWS).get(0), 11);
        assertRow(new String[] {"cli4eboys00x207yh7qk1gxo6", "clhq7q8wu2j3o075ygup5ezbx", "ATTO Main 1",
                "clh94tc2h077t072w67hfb42z", "Done", "d2643320-2a01-11ee-a152-0f47f540d267", "atto_main_tf_g_e", "DONE",
                "5", "1", "1"}, rows(first, CompanionTable.PROJECT_DATA_ROWS).get(0), -1);
        assertRow(new String[] {"cli4eboys00x207yh7qk1gxo6", "clhq7q8wu2j3o075ygup5ezbx", "clkgndj6y00qh07z75bfg7n2g",
                "Default", "1.0.0", "2023-07-24T13:16:59.000+00:00", "2023-10-02T07:17:01.000+00:00",
                "annotator2@example.com", null, "4739", "642", "false", null, null, "0"},
                rows(first, CompanionTable.LABELS).get(0), -1);
        List<String[]> history = rows(first, CompanionTable.WORKFLOW_HISTORY);
        assertEquals(3, history.size());
        assertRow(new String[] {"cli4eboys00x207yh7qk1gxo6", "clhq7q8wu2j3o075ygup5ezbx", "0", "Approve",
                "2023-07-25T13:00:51.963+00:00", "annotator2@example.com", "Initial review task",
                "ceb0b882-00ca-4511-b950-4ed77cf5a353", null, null}, history.get(0), -1);
        assertRow(new String[] {"cli4eboys00x207yh7qk1gxo6", "clhq7q8wu2j3o075ygup5ezbx", "1", "Move",
                "2023-07-24T13:16:59.552+00:00", "annotator2@example.com", "Initial labeling task",
                "091add36-b85d-0ec8-9031-285eee696555", "Initial review task", "ceb0b882-00ca-4511-b950-4ed77cf5a353"},
                history.get(1), -1);
        assertRow(new String[] {"cli4eboys00x207yh7qk1gxo6", "clhq7q8wu2j3o075ygup5ezbx", "2", "Move",
                "2023-07-24T13:16:59.527+00:00", "annotator2@example.com", null, null, "Initial labeling task",
                "091add36-b85d-0ec8-9031-285eee696555"}, history.get(2), -1);

        int[] counts = new int[CompanionTable.values().length];
        for (String line : lines) {
            for (CompanionTable table : CompanionTable.values()) {
                counts[table.ordinal()] += rows(line, table).size();
            }
        }
        // 53 lines, each one project with one label; 175 workflow steps; no metadata, attachments or reviews
        assertEquals(List.of(53, 0, 0, 53, 53, 0, 175), Arrays.stream(counts).boxed().toList());
    }

    private List<String[]> rows(String line, CompanionTable table) throws MalformedLineException {
        ExportRecord record = decoder.decode(line);
        List<String[]> rows = table.rows(record);
        for (String[] row : rows) {
            assertEquals(table.columns().size(), row.length, table.tableName());
        }
        return new ArrayList<>(rows);
    }

    /** Every column equal, but the JSON column {@code json} (or none: -1), compared as parsed JSON. */
    private static void assertRow(String[] expected, String[] actual, int json) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (i == json) {
                assertJson(expected[i], actual[i]);
            } else {
                assertEquals(expected[i], actual[i], "column " + i + " of " + Arrays.toString(actual));
            }
        }
    }

    private static void assertJson(String expected, String actual) {
        assertEquals(parse(expected), parse(actual), actual);
    }

    private static JsonValue parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
