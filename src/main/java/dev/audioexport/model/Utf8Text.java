package dev.audioexport.model;

import java.io.CharArrayReader;
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
 * Invalid UTF-8 is refused, not replaced. Not thread-safe.
 */
public final class Utf8Text {

    /** A line longer than this gets a buffer of its own, so one huge line is not kept for the run. */
    private static final int KEPT_CHARS = 1 << 20;

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
    private char[] chars = new char[8192];

    /** The line's characters, valid until the next call. */
    public Reader of(byte[] line) throws CharacterCodingException {
        char[] into = line.length <= chars.length ? chars : buffer(line.length);
        CharBuffer out = CharBuffer.wrap(into);
        utf8.reset();
        CoderResult result = utf8.decode(ByteBuffer.wrap(line), out, true);
        if (!result.isUnderflow()) {
            result.throwException();
        }
        utf8.flush(out);
        return new CharArrayReader(into, 0, out.position());
    }

    /** UTF-8 never needs more characters than bytes. */
    private char[] buffer(int length) {
        char[] buffer = new char[length];
        if (length <= KEPT_CHARS) {
            chars = buffer;
        }
        return buffer;
    }
}
