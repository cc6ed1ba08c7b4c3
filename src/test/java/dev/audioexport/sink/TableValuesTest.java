package dev.audioexport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.audioexport.mapping.Column;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableValuesTest {

    private static String[] row() {
        return TableSinkTest.row("dr1", "p1", "lb1", "a1");
    }

    @Test
    void wholeNumbersAsWrittenBecomeIntegers() throws Exception {
        String[] row = row();
        for (String text : List.of("12", "12.0", "1.2e1", "1.2E+1", "+12")) {
            assertEquals(12L, TableValues.typed(row, Column.START_MS, text), text);
        }
        assertEquals(-9223372036854775808L, TableValues.typed(row, Column.END_MS, "-9223372036854775808"));
        assertEquals(Boolean.TRUE, TableValues.typed(row, Column.SKIPPED, "true"));
        assertEquals("12.5", TableValues.typed(row, Column.ANSWER_TEXT, "12.5"));
    }

    @Test
    void aFractionOrAnOverflowNamesTheDataRowLabelAndColumn() {
        String[] row = row();
        row[Column.SECONDS_TO_REVIEW.ordinal()] = "12.5";
        RowValueException e = assertThrows(RowValueException.class,
                () -> TableValues.check(TableSinkTest.line(row(), row)));
        assertEquals("data row dr1, label lb1: seconds_to_review is 12.5, not a whole number that fits the table's "
                + "integer column", e.getMessage());
        assertThrows(RowValueException.class, () -> TableValues.typed(row, Column.END_MS, "9223372036854775808"));
        assertThrows(RowValueException.class, () -> TableValues.typed(row, Column.END_MS, "1e400"));
    }

    @Test
    void aLongValueThatDoesNotFitIsNamedByItsStartAndLengthNotWhole() {
        String[] row = row();
        String digits = "12345678901234567890123456789012" + "0".repeat(99_968);
        assertEquals("data row dr1, label lb1: end_ms is 12345678901234567890123456789012... (100000 characters), "
                        + "not a whole number that fits the table's integer column",
                assertThrows(RowValueException.class, () -> TableValues.typed(row, Column.END_MS, digits)).getMessage());
        String text = "y".repeat(65);
        assertEquals("data row dr1, label lb1: skipped is " + "y".repeat(32) + "... (65 characters), not true or false",
                assertThrows(RowValueException.class, () -> TableValues.typed(row, Column.SKIPPED, text)).getMessage());
    }

    @Test
    void aNulCharacterOrAnOddBooleanIsRefused() {
        String[] row = row();
        assertEquals("data row dr1, label lb1: answer_text holds a NUL character, which the table's text cannot store",
                assertThrows(RowValueException.class, () -> TableValues.typed(row, Column.ANSWER_TEXT, "a\0b"))
                        .getMessage());
        assertEquals("data row dr1, label lb1: skipped is yes, not true or false",
                assertThrows(RowValueException.class, () -> TableValues.typed(row, Column.SKIPPED, "yes"))
                        .getMessage());
    }

    @Test
    void anIndexedTextLongerThanItsIndexHoldsIsRefusedInUtf8Bytes() throws Exception {
        String[] row = row();
        String path = "p".repeat(2400);
        assertEquals(path, TableValues.typed(row, Column.CLASSIFICATION_PATH, path));
        assertEquals("data row dr1, label lb1: classification_path is 2401 bytes long; the table's index on it "
                + "holds at most 2400", assertThrows(RowValueException.class,
                () -> TableValues.typed(row, Column.CLASSIFICATION_PATH, path + "q")).getMessage());
        String accented = "é".repeat(501);  // 501 characters, 1002 bytes
        assertEquals("data row dr1, label lb1: label_id is 1002 bytes long; the table's index on it holds at most 1000",
                assertThrows(RowValueException.class, () -> TableValues.typed(row, Column.LABEL_ID, accented))
                        .getMessage());
        assertEquals(accented, TableValues.typed(row, Column.ANSWER_TEXT, accented));  // not indexed
    }

    /** The layout of PostgreSQL's documentation ("COPY", Binary Format), byte by byte. */
    @Test
    void copyBinaryWritesHeaderRowsOfLengthPrefixedFieldsAndTrailer() throws Exception {
        String[] row = new String[Column.COUNT];
        row[Column.DATA_ROW_ID.ordinal()] = "a\\b\tc é";
        row[Column.SECONDS_TO_CREATE.ordinal()] = "3.0";
        row[Column.SKIPPED.ordinal()] = "true";
        row[Column.END_MS.ordinal()] = "-2";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CopyStream out = new CopyStream((buffer, length) -> bytes.write(buffer, 0, length));
        CopyBinaryFormat format = new CopyBinaryFormat();
        format.writeHeader(out);
        format.writeRow(out, row);
        format.writeTrailer(out);
        out.flush();

        java.nio.ByteBuffer expected = java.nio.ByteBuffer.allocate(1000);
        expected.put("PGCOPY\n".getBytes(StandardCharsets.US_ASCII)).put((byte) 0xFF).put("\r\n".getBytes(
                StandardCharsets.US_ASCII)).put((byte) 0).putInt(0).putInt(0);  // signature, flags, extension
        expected.putShort((short) 34);
        byte[] text = "a\\b\tc é".getBytes(StandardCharsets.UTF_8);  // as it is: nothing escaped
        expected.putInt(text.length).put(text);
        for (int i = 1; i < 17; i++) {
            expected.putInt(-1);  // null
        }
        expected.putInt(8).putLong(3);  // seconds_to_create, 3.0 as bigint
        expected.putInt(-1);
        expected.putInt(1).put((byte) 1);  // skipped
        for (int i = 20; i < 33; i++) {
            expected.putInt(-1);
        }
        expected.putInt(8).putLong(-2);  // end_ms
        expected.putShort((short) -1);
        byte[] written = bytes.toByteArray();
        assertEquals(expected.position(), written.length);
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOf(expected.array(), expected.position())),
                java.util.Arrays.toString(written));
    }

    @Test
    void copyTextEscapesExactlyBackslashTabCrLf() {
        assertEquals("a\\\\b\\tc\\rd\\ne,\"f\" é \\\\N",  // text \\N is not null: its backslash is escaped
                new String(CopyTextFormat.escaped("a\\b\tc\rd\ne,\"f\" é \\N"), StandardCharsets.UTF_8));
    }
}
