package dev.audioexport.sink;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.mapping.Column;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8ValuesTest {

    @Test
    void aSurrogateEscapeIsFoundAtEveryPlaceInALineAndNothingElseLooksLikeOne() {
        for (int pad = 0; pad < 20; pad++) {
            String before = "x".repeat(pad);
            assertTrue(mayHold("{\"t\":\"" + before + "\\ud83d\"}"), "at " + pad);
            assertTrue(mayHold(before + "\\uDFFF"), "upper case, at the end, at " + pad);
            assertFalse(mayHold("{\"t\":\"" + before + "\\u00e9 \\\" \\n \\\\ \\uD7FF \\uE000\"}"), "at " + pad);
        }
        assertFalse(mayHold(""));
        assertFalse(mayHold("\\ud"), "cut short");
    }

    @Test
    void halfAPairIsRefusedNamingItsColumnAndAWholePairIsNot() {
        String[] row = row("d1", "\ud83d\ude00 fine");
        assertDoesNotThrow(() -> Utf8Values.check(List.<String[]>of(row)));

        String[] high = row("d1", "fine");
        high[Column.ANSWER_TEXT.ordinal()] = "text \ud83d";
        RowValueException e = assertThrows(RowValueException.class, () -> Utf8Values.check(List.of(row, high)));
        assertEquals("data row d1, label l1: answer_text holds half a UTF-16 surrogate pair (a \\uD800-\\uDFFF escape "
                + "without its other half), which UTF-8 cannot encode: fix the text in the export", e.getMessage());

        String[] low = row("d2", "\ude00 low first");
        assertThrows(RowValueException.class, () -> Utf8Values.check(List.<String[]>of(low)));
        String[] reversed = row("d3", "\ude00\ud83d");
        assertThrows(RowValueException.class, () -> Utf8Values.check(List.<String[]>of(reversed)));
    }

    private static boolean mayHold(String json) {
        return Utf8Values.maySplitASurrogatePair(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] row(String dataRow, String globalKey) {
        String[] row = new String[Column.COUNT];
        row[Column.DATA_ROW_ID.ordinal()] = dataRow;
        row[Column.GLOBAL_KEY.ordinal()] = globalKey;
        row[Column.LABEL_ID.ordinal()] = "l1";
        return row;
    }
}
