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

    private static String read(Reader reader) throws IOException {
        StringWriter out = new StringWriter();
        reader.transferTo(out);
        return out.toString();
    }
}
