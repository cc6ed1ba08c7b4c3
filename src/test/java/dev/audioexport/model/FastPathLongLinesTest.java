package dev.audioexport.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The fast path on long lines (many times the reference path's batch of events), a line that
 * turns out bad far into it, and the lines after that one: the decoder's readers are made once
 * and reused line after line.
 */
class FastPathLongLinesTest {

    private final StreamingExportDecoder decoder = new StreamingExportDecoder();

    @Test
    void aLongLineGivesWhatTheReferenceParserGives() throws Exception {
        String line = lineWithClassifications(1_500, "");  // some 15,000 events
        ExportRecord fast = decoder.decodeUtf8(line.getBytes(StandardCharsets.UTF_8));
        assertNotNull(fast);
        assertEquals(new StreamingExportDecoder().decode(line), fast);
        assertEquals(1_500, fast.projects().get(0).labels().get(0).classifications().size());
    }

    @Test
    void anErrorFarIntoALineHandsItToTheReferenceParserAndTheNextLineIsFine() throws Exception {
        String broken = lineWithClassifications(400, ",\"tail\":tru");  // invalid JSON near the end
        assertNull(decoder.decodeUtf8(broken.getBytes(StandardCharsets.UTF_8)));
        assertThrows(MalformedLineException.class, () -> decoder.decode(broken));

        String wrongType = lineWithClassifications(400, ",\"projects\":{\"p\":{\"name\":7}}");
        assertNull(decoder.decodeUtf8(wrongType.getBytes(StandardCharsets.UTF_8)));

        String fine = lineWithClassifications(3, "");
        assertEquals(new StreamingExportDecoder().decode(fine), decoder.decodeUtf8(fine.getBytes(StandardCharsets.UTF_8)));
    }

    /** A line with {@code count} global classifications, then {@code after} before the closing brace. */
    private static String lineWithClassifications(int count, String after) {
        StringBuilder line = new StringBuilder("{\"data_row\":{\"id\":\"d\"},\"projects\":{\"p\":{\"labels\":[{\"id\":\"l\","
                + "\"annotations\":{\"classifications\":[");
        for (int i = 0; i < count; i++) {
            line.append(i == 0 ? "" : ",").append("{\"feature_id\":\"f").append(i).append("\",\"name\":\"Q\",")
                    .append("\"checklist_answers\":[{\"feature_id\":\"a").append(i).append("\",\"value\":\"v\"}]}");
        }
        return line.append("]}}]}}").append(after).append('}').toString();
    }
}
