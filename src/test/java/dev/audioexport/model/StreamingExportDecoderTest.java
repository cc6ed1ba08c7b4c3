package dev.audioexport.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingExportDecoderTest {

    private final ExportDecoder decoder = new StreamingExportDecoder();

    @Test
    void keepsNumbersAsWrittenAndBooleansAsText() throws Exception {
        ExportRecord record = decoder.decode("""
                {"data_row":{"id":"dr1","details":{"dataset_id":"ds","dataset_name":"n"}},
                 "media_attributes":{"mime_type":"audio/wav","duration":12},
                 "projects":{"p1":{"name":"P","labels":[{"id":"l1",
                   "performance_details":{"seconds_to_create":12.50,"seconds_to_review":1e3,"skipped":true}}],
                   "project_details":{"workflow_status":"DONE","task_name":"Done","batch_id":"b","batch_name":"B"}}}}
                """);

        Label label = record.projects().get(0).labels().get(0);
        assertEquals("12.50", label.secondsToCreate());
        assertEquals("1e3", label.secondsToReview());
        assertEquals("true", label.skipped());
        assertEquals("audio/wav", record.mimeType());
        assertEquals(new ProjectEntry("p1", "P", "DONE", "Done", "b", "B", null, null, null, List.of(), List.of(label)), record.projects().get(0));
    }

    @Test
    void temporalClassificationsAreSortedByStartAndEndAtTheirSegment() throws Exception {
        ExportRecord record = decoder.decode("""
                {"data_row":{"id":"dr1"},"projects":{"p":{"labels":[{"id":"l","annotations":{
                  "classifications":[],
                  "timestamp":{"2500":{"classifications":[{"feature_id":"f2","name":"later","text_answer":{"content":"b"}}]},
                               "300":{"classifications":[{"feature_id":"f1","name":"first","text_answer":{"content":"a"}}]}},
                  "segments":{"f1":[[300,900],[1200,1500]],"f2":[[2500.0,4000]]}}}]}}}
                """);

        List<TemporalClassification> temporal = record.projects().get(0).labels().get(0).temporal();
        assertEquals(List.of("300", "2500"), temporal.stream().map(TemporalClassification::startMs).toList());
        assertEquals(List.of("900", "4000"), temporal.stream().map(TemporalClassification::endMs).toList());
        assertEquals(List.of(), record.unknownShapes());
    }

    @Test
    void framesWithEqualStartsKeepDocumentOrderAndMatchSegmentsAsNumbers() throws Exception {
        ExportRecord record = decoder.decode("""
                {"data_row":{"id":"d"},"projects":{"p":{"labels":[{"id":"l","annotations":{
                  "timestamp":{"1500.0":{"classifications":[{"feature_id":"a","name":"first","text_answer":{"content":"1"}}]},
                               "1500":{"classifications":[{"feature_id":"b","name":"second","text_answer":{"content":"2"}},
                                                          {"name":"no feature id","text_answer":{"content":"3"}}]},
                               "1e999999999":{"classifications":[{"feature_id":"c","name":"far","text_answer":{"content":"4"}}]}},
                  "segments":{"a":[[1500,1600]],"b":[[15E2,1700]],"c":[[1e999999999,2e999999999]]}}}]}}}
                """);

        List<TemporalClassification> temporal = record.projects().get(0).labels().get(0).temporal();
        assertEquals(List.of("first", "second", "no feature id", "far"),
                temporal.stream().map(t -> t.classification().name()).toList());
        assertEquals(List.of("1500.0", "1500", "1500", "1e999999999"),
                temporal.stream().map(TemporalClassification::startMs).toList());
        assertEquals(java.util.Arrays.asList("1600", "1700", null, "2e999999999"),
                temporal.stream().map(TemporalClassification::endMs).toList());
    }

    @Test
    void tooDeepNestingIsAMalformedLine() {
        String level = "{\"name\":\"q\",\"radio_answer\":{\"name\":\"a\",\"classifications\":[";
        String deep = "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"classifications\":["
                + level.repeat(400) + "]}}".repeat(400) + "]}}]}}}";
        MalformedLineException e = assertThrows(MalformedLineException.class, () -> decoder.decode(deep));
        assertTrue(e.getMessage().startsWith("not valid JSON: Input is too deeply nested"), e.getMessage());
    }

    /** An unknown field is read to its end like any other, so the line's JSON is checked whole. */
    @Test
    void anUnknownFieldIsSkippedButMustBeValidJson() throws Exception {
        assertEquals("d", decoder.decode("{\"data_row\":{\"id\":\"d\"},\"x\":[[1,{\"y\":[]}],2]}").dataRow().id());
        String deep = "{\"data_row\":{\"id\":\"d\"},\"x\":" + "[".repeat(1100) + "]".repeat(1100) + "}";
        assertTrue(assertThrows(MalformedLineException.class, () -> decoder.decode(deep)).getMessage()
                .startsWith("not valid JSON: Input is too deeply nested"));
        assertRejected("not valid JSON at column 31: Invalid token=NUMBER. Expected tokens are: [COMMA]",
                "{\"data_row\":{\"id\":\"d\"},\"x\":[1 2]}");
    }

    /** Parsson's own skip never returned on a line that ends inside the value it skips. */
    @Test
    void aLineEndingInsideAnUnknownValueIsRejectedNotHung() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertRejected("not valid JSON: the line ends before the JSON value is complete",
                    "{\"data_row\":{\"id\":\"d\"},\"x\":[1,2");
            String deep = "{\"data_row\":{\"id\":\"d\"},\"x\":" + "[".repeat(901);
            assertThrows(MalformedLineException.class, () -> decoder.decode(deep));
        });
    }

    @Test
    void nullsInsideArraysAreWrongTypes() {
        assertRejected("field projects.p.labels[0].annotations.segments.f[0] must be [start, end], found [null, 5]",
                """
                {"data_row":{"id":"d"},"projects":{"p":{"labels":[{"annotations":{"segments":{"f":[[null,5]]}}}]}}}""");
        assertRejected("field projects.p.labels[0].annotations.classifications[0].checklist_answers[1] has the wrong "
                        + "type: expected an object, found null",
                """
                {"data_row":{"id":"d"},"projects":{"p":{"labels":[{"annotations":{"classifications":[
                  {"name":"c","checklist_answers":[{"name":"a"},null]}]}}]}}}""");
    }

    @Test
    void reportsUnknownShapesWithTheirPathInsteadOfDroppingThem() throws Exception {
        ExportRecord record = decoder.decode("""
                {"data_row":{"id":"dr1"},"projects":{"p":{"labels":[{"id":"l","annotations":{
                  "objects":[{"name":"box"}],
                  "classifications":[{"feature_id":"q","name":"mystery","slider_answer":5}],
                  "timestamp":{"abc":{},"100":[1,2],"200":{"classifications":[],"frames":{}}}}}]}}}
                """);

        assertEquals(List.of(
                "projects.p.labels[0].annotations.objects[0]",
                "projects.p.labels[0].annotations.classifications[0]",
                "projects.p.labels[0].annotations.timestamp.abc",
                "projects.p.labels[0].annotations.timestamp.100",
                "projects.p.labels[0].annotations.timestamp.200.frames"), record.unknownShapes());
        Classification mystery = record.projects().get(0).labels().get(0).classifications().get(0);
        assertEquals(AnswerType.UNKNOWN, mystery.type());
    }

    /** The last block gives the row; the others would vanish unnoticed if not reported. */
    @Test
    void aClassificationWithMoreThanOneAnswerBlockIsReported() throws Exception {
        ExportRecord record = decoder.decode("""
                {"data_row":{"id":"dr1"},"projects":{"p":{"labels":[{"id":"l","annotations":{"classifications":[
                  {"name":"both","radio_answer":{"name":"r"},"text_answer":{"content":"t"}}]}}]}}}""");
        assertEquals(List.of("projects.p.labels[0].annotations.classifications[0]"), record.unknownShapes());
        assertEquals(AnswerType.TEXT, record.projects().get(0).labels().get(0).classifications().get(0).type());
    }

    @Test
    void nullsAndMissingValuesAreEmpty() throws Exception {
        ExportRecord record = decoder.decode("""
                {"data_row":{"id":"dr1","global_key":null},"projects":null,"unknown":{"deep":[1,{"x":2}]}}
                """);
        assertNull(record.dataRow().globalKey());
        assertEquals(List.of(), record.projects());
    }

    @Test
    void wrongTypesNameTheField() {
        assertRejected("field projects.p.labels[1].performance_details.skipped has the wrong type: "
                        + "expected true or false, found a string",
                """
                {"data_row":{"id":"d"},"projects":{"p":{"labels":[{"id":"ok"},
                  {"id":"l2","performance_details":{"skipped":"no"}}]}}}""");
        assertRejected("field data_row.id has the wrong type: expected a string, found a number",
                "{\"data_row\":{\"id\":42}}");
        assertRejected("field projects.p.labels has the wrong type: expected an array, found an object",
                "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":{}}}}");
        assertRejected("field projects.p.labels[0].annotations.classifications[0].checklist_answers "
                        + "has the wrong type: expected an array, found a string",
                """
                {"data_row":{"id":"d"},"projects":{"p":{"labels":[{"annotations":{"classifications":[
                  {"name":"c","checklist_answers":"yes"}]}}]}}}""");
    }

    @Test
    void refusesLinesThatAreNotObjectsOrLackTheDataRowId() {
        assertRejected("the line is not a JSON object", "[1,2]");
        assertRejected("the line is not a JSON object", "\"text\"");
        assertRejected("field data_row is missing", "{\"projects\":{}}");
        assertRejected("field data_row.id is missing", "{\"data_row\":{\"global_key\":\"k\"}}");
        assertRejected("field data_row.id is empty", "{\"data_row\":{\"id\":\"\"}}");
    }

    @Test
    void contentAfterTheObjectIsInvalidJson() {
        MalformedLineException e = assertThrows(MalformedLineException.class,
                () -> decoder.decode("{\"data_row\":{\"id\":\"d\"}} {}"));
        assertTrue(e.getMessage().startsWith("not valid JSON at column 25"), e.getMessage());
    }

    @Test
    void syntaxErrorsSayWhatAndWhere() {
        assertRejected("not valid JSON at column 19 (in data_row.id): Invalid token=NUMBER. Expected tokens are: [COLON]",
                "{\"data_row\":{\"id\" 1}}");
        assertRejected("not valid JSON: the line ends before the JSON value is complete (in data_row)",
                "{\"data_row\":{\"id\":\"d\",");
    }

    @Test
    void invalidJsonSaysWhere() {
        MalformedLineException e = assertThrows(MalformedLineException.class,
                () -> decoder.decode("{\"data_row\":{\"id\":\"d\",}"));
        assertTrue(e.getMessage().startsWith("not valid JSON at column "), e.getMessage());
        assertTrue(e.getMessage().contains("data_row"), e.getMessage());
    }

    /** The decoder reads all events of a line first: an error far into it still names its own field. */
    @Test
    void errorsFarIntoALongLineNameTheirField() throws Exception {
        String label = "{\"id\":\"l\",\"annotations\":{\"classifications\":[{\"name\":\"q\",\"text_answer\":{\"content\":\"t\"}}]}}";
        String labels = (label + ",").repeat(299) + label;
        String line = "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[" + labels + "]}}}";
        assertEquals(300, decoder.decode(line).projects().get(0).labels().size());

        String wrongType = line.replace(labels, (label + ",").repeat(250) + label.replace("\"t\"", "7"));
        assertRejected("field projects.p.labels[250].annotations.classifications[0].text_answer.content has the wrong type:"
                + " expected a string, found a number", wrongType);
        String badSyntax = line.replace(labels, (label + ",").repeat(250) + label.replace("\"name\":", "\"name\" "));
        MalformedLineException e = assertThrows(MalformedLineException.class, () -> decoder.decode(badSyntax));
        assertTrue(e.getMessage().endsWith("(in projects.p.labels[250].annotations.classifications[0].name): "
                + "Invalid token=STRING. Expected tokens are: [COLON]"), e.getMessage());
    }

    private void assertRejected(String message, String line) {
        MalformedLineException e = assertThrows(MalformedLineException.class, () -> decoder.decode(line));
        assertEquals(message, e.getMessage());
    }
}
