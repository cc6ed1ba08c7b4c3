package dev.audioexport.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Utf8TextTest {

    private final Utf8Text text = new Utf8Text();

    @Test
    void shortAndLongLinesReadAsTheirCharacters() throws IOException {
        String shortLine = "{\"a\":\"café ✓ 𝄞\"}";
        String longLine = "{\"a\":\"" + "é✓𝄞x".repeat(400_000) + "\"}";  // more bytes than the reused buffer
        assertEquals(shortLine, read(text.of(shortLine.getBytes(StandardCharsets.UTF_8))));
        assertEquals(longLine, read(text.of(longLine.getBytes(StandardCharsets.UTF_8))));
        assertEquals(shortLine, read(text.of(shortLine.getBytes(StandardCharsets.UTF_8))), "the buffer is reused");
    }

    @Test
    void invalidUtf8IsRefusedInShortAndLongLines() {
        byte[] shortLine = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};
        byte[] longLine = new byte[3 << 20];
        Arrays.fill(longLine, (byte) 'x');
        longLine[longLine.length - 2] = (byte) 0xFF;
        assertThrows(CharacterCodingException.class, () -> text.of(shortLine));
        assertThrows(CharacterCodingException.class, () -> text.of(longLine));
    }

    /** Lines decoded run by run: multibyte text at word and run boundaries reads as the JDK decodes it. */
    @Test
    void asciiAndMultibyteRunsAnywhereReadAsTheirCharacters() throws IOException {
        String[] pieces = {"a", "quoted \\\"text\\\", ", "é", "日本", "𝄞", "x".repeat(7), "y".repeat(9), "Ω✓"};
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 2000; round++) {
            StringBuilder line = new StringBuilder();
            for (int piece = random.nextInt(12); piece >= 0; piece--) {
                line.append(pieces[random.nextInt(pieces.length)]);
            }
            String expected = line.toString();
            assertEquals(expected, read(text.of(expected.getBytes(StandardCharsets.UTF_8))));
        }
    }

    /** Cut, overlong, surrogate and out-of-range sequences, before ASCII or at the end, are refused. */
    @Test
    void invalidSequencesAtARunsEndAreRefused() {
        byte[][] invalid = {
            {'a', (byte) 0xC3, 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'},           // lead byte, then ASCII
            {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', (byte) 0xE6, (byte) 0x97},   // cut at the end
            {'a', (byte) 0xE6, (byte) 0x97, 'b'},                                   // cut before ASCII
            {(byte) 0xC0, (byte) 0x80, 'a'},                                        // overlong
            {'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'b'},                      // a surrogate
            {'a', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},              // beyond U+10FFFF
            {'a', 'b', (byte) 0x80, 'c'},                                           // a lone continuation byte
        };
        for (byte[] line : invalid) {
            assertThrows(CharacterCodingException.class, () -> text.of(line), Arrays.toString(line));
        }
    }

    private static String read(Reader reader) throws IOException {
        StringWriter out = new StringWriter();
        reader.transferTo(out);
        return out.toString();
    }
}
