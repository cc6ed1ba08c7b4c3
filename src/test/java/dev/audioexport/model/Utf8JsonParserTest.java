package dev.audioexport.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decoder's fast path (the line's bytes parsed as they are) against its reference path
 * (Parsson over the decoded text): the same record for every line the fast path takes, and
 * no record (so the reference path words the reject) for every line it must not take.
 */
class Utf8JsonParserTest {

    private final StreamingExportDecoder fast = new StreamingExportDecoder();
    private final StreamingExportDecoder reference = new StreamingExportDecoder();

    private static final String LINE = """
            {"data_row":{"id":"d\\u00e9","global_key":"g, \\"q\\"\\n\\r\\t\\b\\f\\/\\\\","details":{"created_at":12.5e-3,
             "created_by":{"a":[1,-0,2E+5,true,false,null,"x"]}}},
             "media_attributes":{"mime_type":"audio/wav","duration":12.50,"tags":["é日😀"]},
             "metadata_fields":[{"schema_id":"s","value":"\\ud83d\\ude00 and \\ud83d alone"},{"value":{"k":[]}}],
             "attachments":[{"id":"a","type":"TEXT","value":"日本語","name":null}],
             "projects":{"p日":{"name":"P","labels":[{"id":"l1","label_details":{"reviews":[{"action":"Approve"}]},
               "performance_details":{"seconds_to_create":0,"seconds_to_review":-1.0,"skipped":false},
               "annotations":{"classifications":[{"feature_id":"f","name":"n","value":"v",
                 "radio_answer":{"name":"a","value":"av","classifications":[{"name":"t","text_answer":{"content":"😀 \\u0041"}}]}}],
                 "timestamp":{"1500.0":{"classifications":[{"feature_id":"g","name":"c","checklist_answers":[{"name":"x"}]}]}},
                 "segments":{"g":[[1500,1700]]}}}],
               "project_details":{"workflow_status":"DONE","priority":5,"workflow_history":[{"action":"a"}]}}}}
            """;

    @Test
    void givesTheReferenceRecordForValidLines() throws Exception {
        List<byte[]> lines = new ArrayList<>();
        lines.add(LINE.getBytes(StandardCharsets.UTF_8));
        lines.add((" \t" + LINE.strip() + " \r").getBytes(StandardCharsets.UTF_8));
        lines.add("{\"data_row\":{\"id\":\"d\"},\"x\":[[],{},[[{\"y\":[1e3]}]]]}".getBytes(StandardCharsets.UTF_8));
        for (String sample : List.of("seed-audio-export.ndjson", "real-image-export.ndjson")) {
            for (String line : Files.readAllLines(Path.of("src/test/resources/samples", sample))) {
                lines.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        for (byte[] line : lines) {
            ExportRecord expected = reference.decode(new InputStreamReader(new ByteArrayInputStream(line), StandardCharsets.UTF_8));
            ExportRecord decoded = fast.decodeUtf8(line);
            assertNotNull(decoded, () -> new String(line, StandardCharsets.UTF_8));
            assertEquals(expected, decoded);
        }
    }

    @Test
    void saysWhetherALineEscapedASurrogate() {
        String line = "{\"data_row\":{\"id\":\"d\",\"global_key\":\"%s\"}}";
        for (String text : List.of("\\ud83d\\ude00", "a \\uDBFF", "\\uDC00 b", "\\\\\\ud800")) {
            assertNotNull(fast.decodeUtf8(String.format(line, text).getBytes(StandardCharsets.UTF_8)), text);
            assertTrue(fast.lastUtf8LineEscapedASurrogate(), text);
        }
        // an escaped backslash before "ud800", raw UTF-8 of four bytes (a whole pair), escapes of others
        for (String text : List.of("\\\\ud800", "😀 日", "\\u00e9\\uD7FF\\uE000\\n", "")) {
            assertNotNull(fast.decodeUtf8(String.format(line, text).getBytes(StandardCharsets.UTF_8)), text);
            assertFalse(fast.lastUtf8LineEscapedASurrogate(), text);
        }
    }

    @Test
    void leavesEveryLineItMustNotTakeToTheReferencePath() {
        String valid = "{\"data_row\":{\"id\":\"d\"},\"x\":%s}";
        List<String> json = List.of("01", "-", "1.", "1e", ".5", "+1", "tru", "nul", "[1,]", "{\"a\":1,}", "[1 2]",
                "\"a\tb\"", "\"\\x\"", "\"\\u12g4\"", "\"\\u12\"", "{1:2}", "{\"a\" 1}", "[", "\"abc",
                "[".repeat(600) + "]".repeat(600), "NaN", "1}x", "'a'");
        for (String value : json) {
            byte[] line = String.format(valid, value).getBytes(StandardCharsets.UTF_8);
            assertNull(fast.decodeUtf8(line), value);
        }
        for (String line : List.of("", "[1]", "{} {}", "\uFEFF{\"data_row\":{\"id\":\"d\"}}",
                "{\"data_row\":{\"id\":\"\"}}", "{\"data_row\":{\"id\":5}}")) {
            assertNull(fast.decodeUtf8(line.getBytes(StandardCharsets.UTF_8)), line);
        }
    }

    @Test
    void refusesInvalidUtf8AsTheJdksDecoderDoes() throws Exception {
        byte[][] sequences = {
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x9F, (byte) 0xBF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0x80}, {(byte) 0xC3}, {(byte) 0xE6, (byte) 0x97}, {(byte) 0xC3, (byte) 0x41},
            {(byte) 0xFF}, {(byte) 0xC3, (byte) 0xA9}, {(byte) 0xE6, (byte) 0x97, (byte) 0xA5},
            {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, {(byte) 0xEF, (byte) 0xBF, (byte) 0xBF},
        };
        for (byte[] sequence : sequences) {
            byte[] line = ("{\"data_row\":{\"id\":\"d" + "x".repeat(9) + "Q\"}}").getBytes(StandardCharsets.UTF_8);
            byte[] withSequence = new byte[line.length - 1 + sequence.length];
            int q = new String(line, StandardCharsets.UTF_8).indexOf('Q');
            System.arraycopy(line, 0, withSequence, 0, q);
            System.arraycopy(sequence, 0, withSequence, q, sequence.length);
            System.arraycopy(line, q + 1, withSequence, q + sequence.length, line.length - q - 1);
            boolean jdkAccepts;
            try {
                new Utf8Text().of(withSequence);
                jdkAccepts = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                jdkAccepts = false;
            }
            assertEquals(jdkAccepts, Utf8Validity.isValid(withSequence), java.util.HexFormat.of().formatHex(sequence));
            if (jdkAccepts) {
                assertEquals(reference.decode(new String(withSequence, StandardCharsets.UTF_8)), fast.decodeUtf8(withSequence));
            } else {
                assertNull(fast.decodeUtf8(withSequence));
            }
        }
    }

    /** Keys alike but for one byte, of every length around the cache's words (8, 16) and its limit (64). */
    @Test
    void keysThatDifferInOneByteStayApart() throws Exception {
        for (int round = 0; round < 2; round++) {  // the second round reads them from the cache
            StringBuilder line = new StringBuilder("{\"data_row\":{\"id\":\"d\"},\"projects\":{");
            List<String> ids = new ArrayList<>();
            for (int length = 0; length <= 70; length++) {
                for (int at = 0; at < length; at++) {
                    char[] id = "k".repeat(length).toCharArray();
                    id[at] = 'z';
                    ids.add(new String(id));
                }
                ids.add("k".repeat(length));
            }
            for (String id : ids) {
                line.append(line.charAt(line.length() - 1) == '{' ? "" : ",").append('"').append(id).append("\":{}");
            }
            byte[] bytes = line.append("}}").toString().getBytes(StandardCharsets.UTF_8);
            ExportRecord record = fast.decodeUtf8(bytes);
            assertEquals(ids, record.projects().stream().map(ProjectEntry::projectId).toList());
            assertEquals(reference.decode(new String(bytes, StandardCharsets.UTF_8)), record);
        }
    }

    /** A key the export has had before is the very String of then: nothing decoded or allocated for it. */
    @Test
    void repeatedKeysAreTheSameStrings() throws Exception {
        ExportRecord first = fast.decodeUtf8(LINE.getBytes(StandardCharsets.UTF_8));
        ExportRecord second = fast.decodeUtf8(LINE.getBytes(StandardCharsets.UTF_8));
        assertTrue(first.projects().get(0).projectId() == second.projects().get(0).projectId());
        assertEquals(first, second);
    }
}
