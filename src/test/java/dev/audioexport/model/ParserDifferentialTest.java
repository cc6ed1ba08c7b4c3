package dev.audioexport.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fast path against Parsson on seeded random lines ({@link JsonLineGenerator}), event by
 * event: wherever both have read, the same events with the same text; where the fast parser
 * finishes a line, Parsson finishes it too with exactly those events; and the decoder's fast
 * path gives the reference record or none (never another record, never an exception).
 */
class ParserDifferentialTest {

    private static final int LINES = Integer.getInteger("differential.lines", 3000);

    /** The events of one line read as the decoder reads them, and how the reading ended. */
    private record Reading(List<String> events, String end) {
        boolean complete() {
            return end.equals("complete");
        }
    }

    @Test
    void fastParserReadsWhatParssonReadsOrStepsAside() {
        Utf8JsonParser fast = new Utf8JsonParser();  // one for all lines, as in a run: its caches carry over
        int completed = 0;
        int steppedAsideOnValid = 0;
        String firstNeedless = null;
        for (long seed = 1; seed <= 4; seed++) {
            JsonLineGenerator lines = new JsonLineGenerator(seed);
            for (int n = 0; n < LINES / 4; n++) {
                byte[] line = lines.line();
                Reading reference = reference(line);
                Reading direct = fast(fast, line);
                String where = "seed " + seed + " line " + n + ": " + show(line);
                int common = Math.min(reference.events().size(), direct.events().size());
                for (int i = 0; i < common; i++) {
                    String at = i + "";
                    assertEquals(reference.events().get(i), direct.events().get(i), () -> "event " + at + ", " + where);
                }
                if (direct.complete()) {
                    completed++;
                    assertEquals(reference, direct, where);
                } else {
                    assertEquals("stepped aside", direct.end(), where);
                    if (reference.complete() && maxDepth(reference) <= Utf8JsonParser.MAX_DEPTH) {
                        steppedAsideOnValid++;
                        firstNeedless = firstNeedless == null ? where : firstNeedless;
                    }
                }
            }
        }
        System.out.printf("ParserDifferentialTest: %d lines, %d read by the fast parser, %d valid ones no deeper than its limit left to Parsson"
                + " (first: %.300s)%n", LINES, completed, steppedAsideOnValid, firstNeedless);
        assertTrue(completed > LINES / 3, "the generator gives the fast parser lines it takes: " + completed);
    }

    @Test
    void decoderFastPathGivesTheReferenceRecordOrNone() {
        StreamingExportDecoder fast = new StreamingExportDecoder();
        StreamingExportDecoder reference = new StreamingExportDecoder();
        int records = 0;
        int rejects = 0;
        for (long seed = 11; seed <= 14; seed++) {
            JsonLineGenerator lines = new JsonLineGenerator(seed);
            for (int n = 0; n < LINES / 4; n++) {
                byte[] line = lines.line();
                String where = "seed " + seed + " line " + n + ": " + show(line);
                ExportRecord decoded;
                try {
                    decoded = fast.decodeUtf8(line);
                } catch (RuntimeException e) {
                    throw new AssertionError("the fast path threw on " + where, e);
                }
                String text = utf8(line);
                try {
                    if (text == null) {
                        throw new MalformedLineException("not UTF-8");
                    }
                    ExportRecord expected = reference.decode(text);
                    records++;
                    if (decoded != null) {
                        assertEquals(expected, decoded, where);
                    }
                } catch (MalformedLineException e) {
                    rejects++;
                    assertNull(decoded, () -> "the reference rejects (" + e.getMessage() + ") " + where);
                }
            }
        }
        System.out.printf("ParserDifferentialTest: %d lines through the decoder, %d records, %d rejects%n", LINES,
                records, rejects);
    }

    private static int maxDepth(Reading reading) {
        int depth = 0;
        int max = 0;
        for (String event : reading.events()) {
            depth += event.startsWith("START_") ? 1 : event.startsWith("END_") ? -1 : 0;
            max = Math.max(max, depth);
        }
        return max;
    }

    /**
     * Every token kind at every offset across Parsson's character buffer's boundaries (its reader
     * is read 4,096 characters at a time) and across the fast parser's 8-byte words: a value
     * split between two fills of Parsson's buffer must still be what the fast parser reads.
     */
    @Test
    void tokensAcrossParssonsBufferBoundariesReadTheSame() {
        String[] values = {"-1234567890.0987654321e-12", "0", "-0", "1E+400", "true", "false", "null",
            "\"\\ud83d\\ude00\\u00e9\\n\"", "\"😀é日\"", "\"abcdefghijklmnop\"", "[1,{\"k\":[]}]",
            "1" + "0".repeat(5000), "\"" + "😀".repeat(3000) + "\""};
        Utf8JsonParser fast = new Utf8JsonParser();
        int checked = 0;
        for (int boundary : new int[] {4096, 8192}) {
            for (int shift = -40; shift <= 8; shift++) {
                for (String value : values) {
                    for (String pad : new String[] {"x", "é", "😀"}) {
                        String prefix = "{\"data_row\":{\"id\":\"d\"},\"pad\":\"";
                        int chars = Math.max(0, boundary + shift - prefix.length() - 20);
                        String padding = pad.repeat(chars / pad.length());
                        String json = prefix + padding + "\",\"key_" + shift + "\":" + value + ",\"k\":" + value + "}";
                        byte[] line = json.getBytes(StandardCharsets.UTF_8);
                        Reading reference = reference(line);
                        assertTrue(reference.complete(), json);
                        assertEquals(reference, fast(fast, line), () -> "boundary " + boundary + " " + value);
                        checked++;
                    }
                }
            }
        }
        System.out.printf("ParserDifferentialTest: %d lines with tokens across buffer boundaries%n", checked);
    }

    /** Parsson over the JDK's decoding of the line, read as the decoder reads a line. */
    private static Reading reference(byte[] line) {
        String text = utf8(line);
        if (text == null) {
            return new Reading(List.of(), "invalid UTF-8");
        }
        return read(Json.createParser(new StringReader(text)));
    }

    private static Reading fast(Utf8JsonParser parser, byte[] line) {
        try {
            return read(parser.open(line));
        } catch (Utf8JsonParser.NotFast e) {
            return new Reading(List.of(), "stepped aside");
        }
    }

    /** hasNext, START_OBJECT, events to the object's end with their text, hasNext false: the decoder's protocol. */
    private static Reading read(JsonParser parser) {
        List<String> events = new ArrayList<>();
        try {
            if (!parser.hasNext() || parser.next() != Event.START_OBJECT) {
                return new Reading(events, "not an object");
            }
            events.add("START_OBJECT");
            for (int depth = 1; depth > 0; ) {
                Event event = parser.next();
                switch (event) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    default -> {
                    }
                }
                boolean text = event == Event.KEY_NAME || event == Event.VALUE_STRING || event == Event.VALUE_NUMBER;
                events.add(text ? event + " " + parser.getString() : event.toString());
            }
            return new Reading(events, parser.hasNext() ? "content after" : "complete");
        } catch (Utf8JsonParser.NotFast e) {
            return new Reading(events, "stepped aside");
        } catch (RuntimeException e) {
            if (parser instanceof Utf8JsonParser) {
                throw new AssertionError("the fast parser threw " + e + " after " + events.size() + " events", e);
            }
            return new Reading(events, "error");
        }
    }

    static String utf8(byte[] line) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String show(byte[] line) {
        String text = new String(line, StandardCharsets.ISO_8859_1);
        return line.length > 400 ? "(" + line.length + " bytes) " + HexFormat.of().formatHex(line, 0, 200) : HexFormat.of().formatHex(line)
                + " " + text.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
