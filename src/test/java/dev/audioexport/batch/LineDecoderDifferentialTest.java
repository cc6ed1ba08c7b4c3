package dev.audioexport.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.audioexport.mapping.RowMapper;
import dev.audioexport.model.ExportDecoder;
import dev.audioexport.model.ExportRecord;
import dev.audioexport.model.JsonLineGenerator;
import dev.audioexport.model.MalformedLineException;
import dev.audioexport.model.Utf8Text;
import dev.audioexport.sink.RowValueException;
import dev.audioexport.sink.Utf8Values;
import dev.audioexport.source.ExportLine;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * End to end, the line decoder (fast path first) against the previous version's path (Parsson
 * over {@link Utf8Text}, as LineDecoder was before the fast path): for every seeded random line,
 * the same record and the same rows of the long table, or the same reject message.
 */
class LineDecoderDifferentialTest {

    private static final int LINES = Integer.getInteger("differential.lines", 2000);

    private final LineDecoder lineDecoder = new LineDecoder();
    private final ExportDecoder previousDecoder = ExportDecoder.standard();
    private final Utf8Text previousText = new Utf8Text();
    private final RowMapper mapper = new RowMapper();

    @Test
    void decodesEveryLineAsThePreviousVersionDid() throws MalformedLineException {
        Random truncation = new Random(7);
        int records = 0;
        int rejects = 0;
        int splitPairs = 0;
        for (long seed = 21; seed <= 24; seed++) {
            JsonLineGenerator lines = new JsonLineGenerator(seed);
            for (int n = 0; n < LINES / 4; n++) {
                byte[] bytes = lines.line();
                ExportLine line = new ExportLine(n + 1, 0, bytes, truncation.nextInt(40) == 0);
                String where = "seed " + seed + " line " + n + ": " + show(bytes);
                String expected = outcome(() -> previous(line));
                String actual = outcome(() -> lineDecoder.decode(line));
                assertEquals(expected, actual, where);
                if (expected.startsWith("record")) {
                    records++;
                    // the half-pair check, gated as before (a pass over the bytes) and now (the parser's word)
                    List<String[]> rows = mapper.map(lineDecoder.decode(line));
                    String before = halfPairs(Utf8Values.maySplitASurrogatePair(bytes), rows);
                    assertEquals(before, halfPairs(lineDecoder.maySplitASurrogatePair(line), rows), where);
                    splitPairs += before.isEmpty() ? 0 : 1;
                } else {
                    rejects++;
                }
            }
        }
        System.out.printf("LineDecoderDifferentialTest: %d lines, %d records and %d rejects as before, "
                + "%d records with half a surrogate pair in a row found as before%n", LINES, records, rejects, splitPairs);
        assertTrue(splitPairs > 0, "the lines must put half a surrogate pair in a row");
    }

    /** What the half-pair check says of the rows when the gate lets it look: its message, or nothing. */
    private static String halfPairs(boolean gate, List<String[]> rows) {
        try {
            if (gate) {
                Utf8Values.check(rows);
            }
            return "";
        } catch (RowValueException e) {
            return e.getMessage();
        }
    }

    @Test
    void decodesALineLongerThanTheTextBufferAsThePreviousVersionDid() {
        // above Utf8Text's 1M-char buffer the previous path read the line through an InputStreamReader
        String text = "é日😀\\u00e9\\ud83d\\ude00, \\\"q\\\"\\n".repeat(60_000);
        byte[] bytes = ("{\"data_row\":{\"id\":\"d\",\"global_key\":\"" + text + "\"},\"k\":[\"" + text + "\"]}")
                .getBytes(StandardCharsets.UTF_8);
        ExportLine line = new ExportLine(1, 0, bytes, false);
        assertEquals(outcome(() -> previous(line)), outcome(() -> lineDecoder.decode(line)));
    }

    /** LineDecoder.decode as it was before the fast path. */
    private ExportRecord previous(ExportLine line) throws MalformedLineException {
        if (line.truncated()) {
            throw new MalformedLineException("the line is longer than " + line.bytes().length
                    + " bytes, the longest line this tool accepts");
        }
        try {
            return previousDecoder.decode(previousText.of(line.bytes()));
        } catch (CharacterCodingException e) {
            throw new MalformedLineException("the line is not valid UTF-8");
        }
    }

    private interface Decoding {
        ExportRecord decode() throws MalformedLineException;
    }

    /** The record and its rows, or the reject message. */
    private String outcome(Decoding decoding) {
        try {
            ExportRecord record = decoding.decode();
            List<String[]> rows = mapper.map(record);
            StringBuilder out = new StringBuilder("record ").append(record);
            rows.forEach(row -> out.append('\n').append(Arrays.toString(row)));
            return out.toString();
        } catch (MalformedLineException e) {
            return "reject " + e.getMessage();
        }
    }

    private static String show(byte[] line) {
        return line.length > 400 ? "(" + line.length + " bytes) " + HexFormat.of().formatHex(line, 0, 200)
                : HexFormat.of().formatHex(line);
    }
}
