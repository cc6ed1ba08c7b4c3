package dev.audioexport.model;

import java.io.ByteArrayInputStream;
import java.io.CharArrayReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * Export lines' UTF-8 bytes as characters for a decoder, in one reused buffer: a String of
 * every line would cost a second decoding pass and about as much garbage as the export itself.
 * A line longer than the buffer is decoded as it is read instead (its characters would take
 * twice its bytes). Invalid UTF-8 is refused, not replaced. Not thread-safe.
 */
public final class Utf8Text {

    private static final int BUFFER_CHARS = 1 << 20;

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
    private final char[] chars = new char[BUFFER_CHARS];

    /** The line's characters, valid until the next call. */
    public Reader of(byte[] line) throws CharacterCodingException {
        if (line.length > chars.length) {
            check(line);
            return new InputStreamReader(new ByteArrayInputStream(line), StandardCharsets.UTF_8);
        }
        CharBuffer out = CharBuffer.wrap(chars);
        decode(line, out);
        return new CharArrayReader(chars, 0, out.position());
    }

    /** UTF-8 never needs more characters than bytes, so a line no longer than the buffer fits it. */
    private void decode(byte[] line, CharBuffer out) throws CharacterCodingException {
        utf8.reset();
        CoderResult result = utf8.decode(ByteBuffer.wrap(line), out, true);
        if (!result.isUnderflow()) {
            result.throwException();
        }
        utf8.flush(out);
    }

    /** Decodes a long line a buffer at a time, only to find invalid UTF-8. */
    private void check(byte[] line) throws CharacterCodingException {
        utf8.reset();
        ByteBuffer in = ByteBuffer.wrap(line);
        CharBuffer out = CharBuffer.wrap(chars);
        CoderResult result;
        while (!(result = utf8.decode(in, out, true)).isUnderflow()) {
            if (result.isError()) {
                result.throwException();
            }
            out.clear();  // output full: the characters themselves are not needed
        }
    }
}
