package dev.audioexport.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.bench.SyntheticExport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON-B decoder gives the records of the streaming one, and refuses the same lines. */
class JsonbExportDecoderTest {

    private final ExportDecoder streaming = new StreamingExportDecoder();
    private final ExportDecoder jsonb = new JsonbExportDecoder();

    static Stream<String> sampleLines() throws IOException {
        return Stream.concat(resourceLines("/samples/seed-audio-export.ndjson"),
                resourceLines("/samples/real-image-export.ndjson"));
    }

    private static Stream<String> resourceLines(String name) throws IOException {
        try (InputStream in = JsonbExportDecoderTest.class.getResourceAsStream(name)) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank()).toList();
            assertFalse(lines.isEmpty(), name);
            return lines.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("sampleLines")
    void sampleLinesGiveTheSameRecord(String line) throws Exception {
        assertEquals(streaming.decode(line), jsonb.decode(line));
    }

    /** The benchmark's synthetic lines: nesting, temporal frames, escapes, several projects. */
    @Test
    void syntheticLinesGiveTheSameRecord() throws Exception {
        for (String line : SyntheticExport.lines(300)) {
            assertEquals(streaming.decode(line), jsonb.decode(line), line);
        }
    }

    static Stream<String> handWrittenLines() {
        return Stream.of(
                // nested radio -> checklist -> text, values missing (name is the fallback)
                """
                {"data_row":{"id":"dr1","global_key":"k","external_id":"e","row_data":"https://x/a.mp3",
                 "details":{"dataset_id":"ds","dataset_name":"Voix d'été 日本","created_by":"x"}},
                 "media_attributes":{"mime_type":"audio/mpeg","duration_ms":1200},
                 "projects":{"p1":{"name":"P","labels":[{"id":"l1","label_kind":"Default",
                   "label_details":{"created_at":"2023-10-17T20:33:05.000+00:00","updated_at":"u","created_by":"a@x"},
                   "performance_details":{"seconds_to_create":12,"seconds_to_review":0.5,"skipped":false},
                   "annotations":{"objects":[],"classifications":[
                     {"feature_id":"q1","feature_schema_id":"s1","name":"Speaker","radio_answer":
                       {"feature_id":"a1","feature_schema_id":"sa1","name":"Female","classifications":[
                         {"feature_id":"q2","name":"Emotion","value":"emotion","checklist_answers":[
                           {"feature_id":"a2","name":"Happy","value":"happy","classifications":[
                             {"feature_id":"q3","name":"Notes","text_answer":{"content":"says \\"oui, non\\"\\r\\nthen laughs é 日本"}}]},
                           {"feature_id":"a3","name":"Calm"}]}]}}],
                   "relationships":[]}}],
                   "project_details":{"workflow_status":"DONE","task_name":"Done","batch_id":"b","batch_name":"B, \\"one\\""}}}}
                """,
                // temporal: unsorted frames, numeric matching of starts, a classification without segment
                """
                {"data_row":{"id":"dr2"},"projects":{"p":{"labels":[{"id":"l","annotations":{
                  "classifications":[{"feature_id":"g","name":"Global","text_answer":{"content":"g"}}],
                  "timestamp":{"2500":{"classifications":[{"feature_id":"f2","name":"later","text_answer":{"content":"b"}}]},
                               "300":{"classifications":[{"feature_id":"f1","name":"first","radio_answer":{"name":"yes",
                                        "classifications":[{"feature_id":"f1n","name":"why","text_answer":{"content":"x"}}]}},
                                                         {"feature_id":"f3","name":"no segment","checklist_answers":[]}]},
                               "1e3":{"classifications":[{"feature_id":"f4","name":"exp","text_answer":{"content":"e"}}]}},
                  "segments":{"f1":[[300,900],[1200,1500]],"f2":[[2500.0,4000]],"f4":[[1000,1100.25]]}}}]}}}
                """,
                // nulls everywhere
                """
                {"data_row":{"id":"dr3","global_key":null,"details":null},"media_attributes":null,
                 "projects":{"p0":null,"p1":{"name":null,"labels":null,"project_details":null},
                   "p2":{"labels":[{"id":null,"label_details":null,"performance_details":{"seconds_to_create":null,
                     "seconds_to_review":null,"skipped":null},"annotations":null},
                     {"id":"l2","annotations":{"classifications":null,"timestamp":null,"segments":null,"objects":null,
                       "relationships":null}},
                     {"id":"l3","annotations":{"classifications":[
                       {"feature_id":null,"name":"r","radio_answer":null},
                       {"name":"c","checklist_answers":null},
                       {"name":"c2","checklist_answers":[{"name":"a","classifications":null}]},
                       {"name":"t","text_answer":null},
                       {"name":"t2","text_answer":{"content":null}}],
                       "timestamp":{"100":{"classifications":null}},"segments":{"f":null}}}]}}}
                """,
                // unknown shapes are reported with their paths, in document order
                """
                {"data_row":{"id":"dr4"},"projects":{"p":{"labels":[{"id":"l","annotations":{
                  "objects":[{"name":"box"},{"name":"box2"}],
                  "classifications":[{"feature_id":"q","name":"mystery","slider_answer":5},
                    {"name":"r","radio_answer":{"name":"a","classifications":[{"name":"inner mystery"}]}}],
                  "timestamp":{"abc":{"classifications":[{"name":"ignored"}]},"100":[1,2],"150":null,
                    "200":{"frames":{},"classifications":[{"feature_id":"t","name":"timed mystery"}],"more":1}},
                  "relationships":{"odd":true}}},
                  {"id":"l2","annotations":{"relationships":[{}],"objects":"x"}}]}}}
                """,
                // several projects, a project without labels, a skipped label without classifications
                """
                {"data_row":{"id":"dr5"},"projects":{
                  "zeta":{"name":"Z","labels":[]},
                  "alpha":{"name":"A","labels":[{"id":"l","performance_details":{"seconds_to_create":0,"skipped":true},
                     "annotations":{"classifications":[],"timestamp":{},"segments":{}}}]},
                  "mid":{"name":"M","labels":[{"id":"l1"},{"id":"l2","annotations":{}}]}}}
                """,
                // two answer blocks: the last sets the type; unknown keys at every level are ignored
                """
                {"extra":{"deep":[1,{"x":[null,true]}]},"data_row":{"id":"dr6","extra":[1]},"projects":{"p":{
                  "extra":"x","labels":[{"id":"l","extra":{},"annotations":{"extra":[1],"classifications":[
                    {"name":"both","radio_answer":{"name":"r","extra":1},"text_answer":{"content":"t","extra":2},"extra":3}]}}]}},
                 "metadata_fields":[{"schema_id":"s","value":["a",{"b":1}]}]}
                """,
                // numbers as written: integers, decimals with trailing zeros, negatives, beyond long
                """
                {"data_row":{"id":"dr7"},"projects":{"p":{"labels":[{"id":"l",
                  "performance_details":{"seconds_to_create":100000000000000000000,"seconds_to_review":-3.250}}]}}}
                """,
                // timestamp that is not frames at all: reported; the label's global rows stay
                """
                {"data_row":{"id":"dr9"},"projects":{"p":{"labels":[
                  {"id":"l","annotations":{"timestamp":[{"start":1,"classifications":[[]]}],
                    "classifications":[{"name":"g","text_answer":{"content":"kept"}}]}},
                  {"id":"l2","annotations":{"timestamp":"x"}},
                  {"id":"l3","annotations":{"timestamp":[],"classifications":[{"name":"h","text_answer":{"content":"also"}}]}}]}}}
                """,
                // escapes and non-ASCII in keys and values
                """
                {"data_row":{"id":"dr8\\u00e9","global_key":"a\\/b\\\\c\\td"},"projects":{"p\\u65e5":{"name":"日本, \\"é\\"",
                  "labels":[{"id":"l","annotations":{"classifications":[{"name":"n\\u00e9","value":"v","text_answer":
                    {"content":"line1\\nline2\\r\\n\\"quoted\\", comma"}}]}}]}}}
                """);
    }

    @ParameterizedTest
    @MethodSource("handWrittenLines")
    void handWrittenLinesGiveTheSameRecord(String line) throws Exception {
        assertEquals(streaming.decode(line), jsonb.decode(line));
    }

    @Test
    void aTimestampThatIsNotAnObjectIsAnUnknownShapeNotARejectedLine() throws Exception {
        String line = handWrittenLines().filter(l -> l.contains("dr9")).findFirst().orElseThrow();
        List<String> shapes = List.of("projects.p.labels[0].annotations.timestamp",
                "projects.p.labels[1].annotations.timestamp", "projects.p.labels[2].annotations.timestamp");
        assertEquals(shapes, streaming.decode(line).unknownShapes());
        assertEquals(shapes, jsonb.decode(line).unknownShapes());
        assertEquals("kept", streaming.decode(line).projects().get(0).labels().get(0).classifications().get(0).text());
    }

    @Test
    void unknownShapesAreListedInDocumentOrder() throws Exception {
        String line = handWrittenLines().skip(3).findFirst().orElseThrow();
        assertEquals(List.of(
                "projects.p.labels[0].annotations.objects[0]",
                "projects.p.labels[0].annotations.objects[1]",
                "projects.p.labels[0].annotations.classifications[0]",
                "projects.p.labels[0].annotations.classifications[1].radio_answer.classifications[0]",
                "projects.p.labels[0].annotations.timestamp.abc",
                "projects.p.labels[0].annotations.timestamp.100",
                "projects.p.labels[0].annotations.timestamp.150",
                "projects.p.labels[0].annotations.timestamp.200.frames",
                "projects.p.labels[0].annotations.timestamp.200.classifications[0]",
                "projects.p.labels[0].annotations.timestamp.200.more",
                "projects.p.labels[0].annotations.relationships",
                "projects.p.labels[1].annotations.relationships[0]",
                "projects.p.labels[1].annotations.objects"), jsonb.decode(line).unknownShapes());
    }

    @Test
    void nestedAnswersMissingValuesAndTemporalOrder() throws Exception {
        List<String> lines = handWrittenLines().toList();
        Label nested = jsonb.decode(lines.get(0)).projects().get(0).labels().get(0);
        Classification speaker = nested.classifications().get(0);
        assertEquals(AnswerType.RADIO, speaker.type());
        assertEquals("Speaker", speaker.valueOrName());
        Classification emotion = speaker.radioAnswer().classifications().get(0);
        assertEquals(AnswerType.CHECKLIST, emotion.type());
        assertEquals(List.of("happy", "Calm"), emotion.checklistAnswers().stream().map(Answer::valueOrName).toList());
        Classification notes = emotion.checklistAnswers().get(0).classifications().get(0);
        assertEquals("says \"oui, non\"\r\nthen laughs é 日本", notes.text());
        assertEquals(List.of("12", "0.5", "false"), List.of(nested.secondsToCreate(), nested.secondsToReview(), nested.skipped()));

        List<TemporalClassification> temporal = jsonb.decode(lines.get(1)).projects().get(0).labels().get(0).temporal();
        assertEquals(List.of("300", "300", "1e3", "2500"), temporal.stream().map(TemporalClassification::startMs).toList());
        assertEquals(Arrays.asList("900", null, "1100.25", "4000"),
                temporal.stream().map(TemporalClassification::endMs).toList());
    }

    /** Nothing disappears: both entries of a repeated project id give rows, as with the streaming decoder. */
    @Test
    void aRepeatedProjectIdKeepsBothEntries() throws Exception {
        String line = """
                {"data_row":{"id":"d"},"projects":{"p":{"name":"first","labels":[{"id":"l1"}]},
                  "p":{"name":"second","labels":[{"id":"l2"}]}}}""";
        assertEquals(List.of("first", "second"),
                jsonb.decode(line).projects().stream().map(ProjectEntry::name).toList());
        assertEquals(streaming.decode(line), jsonb.decode(line));
    }

    /** More than one answer block is reported, as by the streaming decoder. */
    @Test
    void aClassificationWithMoreThanOneAnswerBlockIsReported() throws Exception {
        String line = """
                {"data_row":{"id":"d"},"projects":{"p":{"labels":[{"id":"l","annotations":{"classifications":[
                  {"name":"both","radio_answer":{"name":"r"},"checklist_answers":[],"text_answer":{"content":"t"}}]}}]}}}""";
        assertEquals(List.of("projects.p.labels[0].annotations.classifications[0]"), jsonb.decode(line).unknownShapes());
        assertEquals(streaming.decode(line), jsonb.decode(line));
    }

    /** Stripping the zeros of such a start overflows the scale: an unknown frame key, no segment start. */
    @Test
    void aStartWhoseScaleOverflowsIsReadAsByTheStreamingDecoder() throws Exception {
        String line = """
                {"data_row":{"id":"d"},"projects":{"p":{"labels":[{"id":"l","annotations":{"timestamp":{
                  "1000e2147483647":{"classifications":[{"feature_id":"f","text_answer":{"content":"c"}}]},
                  "100":{"classifications":[{"feature_id":"f","text_answer":{"content":"d"}}]}},
                  "segments":{"f":[[1000e2147483647,5]]}}}]}}}""";
        ExportRecord record = jsonb.decode(line);
        assertEquals(List.of("projects.p.labels[0].annotations.timestamp.1000e2147483647"), record.unknownShapes());
        assertEquals(streaming.decode(line), record);
    }

    /** A repeated start keeps both frames; a repeated classifications key in one frame keeps the last. */
    @Test
    void repeatedFrameKeysAreReadAsByTheStreamingDecoder() throws Exception {
        String line = """
                {"data_row":{"id":"d"},"projects":{"p":{"labels":[{"id":"l","annotations":{"timestamp":{
                  "100":{"classifications":[{"feature_id":"a","text_answer":{"content":"one"}}]},
                  "100":{"classifications":[{"feature_id":"b","text_answer":{"content":"two"}}],
                         "classifications":[{"feature_id":"c","text_answer":{"content":"three"}}]}}}}]}}}""";
        assertEquals(List.of("one", "three"), jsonb.decode(line).projects().get(0).labels().get(0).temporal().stream()
                .map(t -> t.classification().text()).toList());
        assertEquals(streaming.decode(line), jsonb.decode(line));
    }

    /** The output contract keeps numbers as written: no BigDecimal round trip (1E+3, 0, 1E-7). */
    @Test
    void numbersAreKeptAsWrittenLikeTheStreamingDecoderKeepsThem() throws Exception {
        String line = """
                {"data_row":{"id":"d"},"projects":{"p":{"labels":[{"id":"l",
                  "performance_details":{"seconds_to_create":1e3,"seconds_to_review":-0},
                  "annotations":{"timestamp":{"100":{"classifications":[{"feature_id":"f","text_answer":{"content":"c"}}]}},
                    "segments":{"f":[[1E2,0.0000001]]}}}]}}}""";
        Label label = jsonb.decode(line).projects().get(0).labels().get(0);
        assertEquals(List.of("1e3", "-0", "0.0000001"),
                List.of(label.secondsToCreate(), label.secondsToReview(), label.temporal().get(0).endMs()));
        assertEquals(streaming.decode(line), jsonb.decode(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not json",
        "{",
        "[1,2]",
        "\"text\"",
        "5",
        "null",
        "{}",
        "{\"data_row\":null}",
        "{\"data_row\":[]}",
        "{\"data_row\":{\"global_key\":\"k\"}}",
        "{\"data_row\":{\"id\":42}}",
        "{\"data_row\":{\"id\":[\"a\"]}}",
        "{\"data_row\":{\"id\":true}}",
        "{\"data_row\":{\"id\":\"d\",\"global_key\":1}}",
        "{\"data_row\":{\"id\":\"d\",\"details\":\"x\"}}",
        "{\"data_row\":{\"id\":\"d\"},\"media_attributes\":\"audio\"}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":[]}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":\"p\"}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":[]}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":{}}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":\"wrong\"}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[null]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[5]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"performance_details\":{\"skipped\":\"no\"}}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"performance_details\":{\"skipped\":1}}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"performance_details\":{\"seconds_to_create\":\"12\"}}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":[]}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"classifications\":{}}}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"classifications\":[null]}}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"classifications\":[\"q\"]}}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"classifications\":[{\"name\":5}]}}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"classifications\":[{\"text_answer\":\"x\"}]}}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"classifications\":[{\"radio_answer\":[]}]}}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"classifications\":[{\"checklist_answers\":\"yes\"}]}}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"classifications\":[{\"radio_answer\":{\"classifications\":[null]}}]}}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"timestamp\":{\"1\":{\"classifications\":[5]}}}}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"segments\":[]}}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"segments\":{\"f\":[1]}}}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"segments\":{\"f\":[[1]]}}}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"segments\":{\"f\":[[1,2,3]]}}}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"segments\":{\"f\":[[\"1\",2]]}}}]}}}",
        "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"segments\":{\"f\":[null]}}}]}}}",
        "{\"data_row\":{\"id\":\"d\"}} {}",
        "{\"data_row\":{\"id\":\"d\"}} x",
        "{\"data_row\":{\"id\":\"d\",}",
        "{\"data_row\":{\"id\" 1}}",
        "{\"data_row\":{\"id\":\"d\",",
    })
    void malformedLinesAreRefusedByBoth(String line) {
        assertThrows(MalformedLineException.class, () -> streaming.decode(line), "streaming: " + line);
        MalformedLineException e = assertThrows(MalformedLineException.class, () -> jsonb.decode(line), "jsonb: " + line);
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void messagesNameTheField() {
        assertRejected("field projects > labels > performance_details > skipped has the wrong type: "
                + "expected true or false, found a string", """
                {"data_row":{"id":"d"},"projects":{"p":{"labels":[{"id":"ok"},
                  {"id":"l2","performance_details":{"skipped":"no"}}]}}}""");
        assertRejected("field data_row > id has the wrong type: expected a string, found a number",
                "{\"data_row\":{\"id\":42}}");
        assertRejected("field projects > labels has the wrong type: expected an array, found an object",
                "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":{}}}}");
        assertRejected("field projects has the wrong type: expected an object, found an array",
                "{\"data_row\":{\"id\":\"d\"},\"projects\":[]}");
        // found after binding: the full path, as the streaming decoder gives it
        assertRejected("field projects.p.labels[1] has the wrong type: expected an object, found null",
                "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{},null]}}}");
        assertRejected("field projects.p.labels[0].annotations.segments.f[0] must be [start, end], found [1, 2, 3]",
                "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"segments\":{\"f\":[[1,2,3]]}}}]}}}");
        assertRejected("the line is not a JSON object", "[1,2]");
        assertRejected("field data_row is missing", "{\"projects\":{}}");
        assertRejected("field data_row.id is missing", "{\"data_row\":{\"global_key\":\"k\"}}");
        assertRejected("field data_row.id is empty", "{\"data_row\":{\"id\":\"\"}}");
        assertRejected("not valid JSON at column 25: Expected EOF token, but got CURLYOPEN", "{\"data_row\":{\"id\":\"d\"}} {}");
        assertRejected("not valid JSON at column 19: Invalid token=NUMBER. Expected tokens are: [COLON]",
                "{\"data_row\":{\"id\" 1}}");
        assertRejected("not valid JSON: the line ends before the JSON value is complete", "{\"data_row\":{\"id\":\"d\",");
    }

    @Test
    void decodersAreChosenByName() {
        assertInstanceOf(StreamingExportDecoder.class, ExportDecoder.named(null));
        assertInstanceOf(StreamingExportDecoder.class, ExportDecoder.named(" "));
        assertInstanceOf(StreamingExportDecoder.class, ExportDecoder.named("streaming"));
        assertInstanceOf(JsonbExportDecoder.class, ExportDecoder.named("jsonb"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExportDecoder.named("jackson"));
        assertTrue(e.getMessage().contains("'jackson'"), e.getMessage());
    }

    /**
     * A timed classification without feature_id has no segment. (The streaming decoder throws a
     * NullPointerException here when the label has no segments: Map.of() refuses a null key.)
     */
    @Test
    void aTimedClassificationWithoutFeatureIdHasNoEnd() throws Exception {
        TemporalClassification timed = jsonb.decode("""
                {"data_row":{"id":"d"},"projects":{"p":{"labels":[{"annotations":{
                  "timestamp":{"5":{"classifications":[{"name":"n","text_answer":{"content":"c"}}]}}}}]}}}""")
                .projects().get(0).labels().get(0).temporal().get(0);
        assertEquals(new TemporalClassification("5", null,
                new Classification(null, null, "n", null, null, null, "c", AnswerType.TEXT)), timed);
    }

    /** A start is matched as a number, never written out in full (1e999999999 would take gigabytes). */
    @Test
    void aHugeExponentAsStartIsMatchedWithoutWritingItOut() throws Exception {
        TemporalClassification timed = jsonb.decode("""
                {"data_row":{"id":"d"},"projects":{"p":{"labels":[{"annotations":{
                  "timestamp":{"1e999999999":{"classifications":[{"feature_id":"f","text_answer":{"content":"c"}}]}},
                  "segments":{"f":[[10E999999998,2e999999999]]}}}]}}}""")
                .projects().get(0).labels().get(0).temporal().get(0);
        assertEquals(List.of("1e999999999", "2e999999999"), List.of(timed.startMs(), timed.endMs()));
    }

    /** Yasson overflows the stack before Parsson's nesting limit; either way the line is malformed. */
    @ParameterizedTest
    @ValueSource(ints = {320, 2000})
    void deepNestingIsMalformed(int levels) {
        String classification = "{\"name\":\"leaf\",\"text_answer\":{\"content\":\"x\"}}";
        for (int i = 0; i < levels; i++) {
            classification = "{\"name\":\"q\",\"radio_answer\":{\"name\":\"a\",\"classifications\":[" + classification + "]}}";
        }
        String line = "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"classifications\":["
                + classification + "]}}]}}}";
        assertThrows(MalformedLineException.class, () -> jsonb.decode(line));
    }

    @Test
    void aDecoderIsReusableAfterAFailure() throws Exception {
        String good = "{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"annotations\":{\"objects\":[{}]}}]}}}";
        assertThrows(MalformedLineException.class,
                () -> jsonb.decode("{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[null]}}}"));
        assertEquals(streaming.decode(good), jsonb.decode(good));
    }

    private void assertRejected(String message, String line) {
        MalformedLineException e = assertThrows(MalformedLineException.class, () -> jsonb.decode(line));
        assertEquals(message, e.getMessage());
    }
}
