package dev.audioexport.model;

import java.io.ByteArrayInputStream;
import java.io.CharArrayReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

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

    /**
     * UTF-8 never needs more characters than bytes, so a line no longer than the buffer fits it.
     * The JDK's decoder copies ASCII with a vectorised loop only up to the first other byte and
     * goes byte by byte from there to the end of its input; an export line has its first é or 日
     * a few hundred bytes in, and most of it is ASCII. So the line is decoded to the end of each
     * run of non-ASCII bytes in turn, and every ASCII run takes the fast path. A sequence cut at
     * such an end is kept by the decoder for the next call, so invalid UTF-8 is still refused.
     */
    private void decode(byte[] line, CharBuffer out) throws CharacterCodingException {
        utf8.reset();
        ByteBuffer in = ByteBuffer.wrap(line);
        int next = 0;
        do {
            next = endOfNonAscii(line, firstNonAscii(line, next));
            in.limit(next);
            CoderResult result = utf8.decode(in, out, next == line.length);
            if (!result.isUnderflow()) {
                result.throwException();
            }
        } while (next < line.length);
        utf8.flush(out);
    }

    /** The index of the first byte from {@code from} on that is not ASCII, a word of 8 at a time; the length if none. */
    static int firstNonAscii(byte[] bytes, int from) {
        int at = from;
        for (int wordsEnd = bytes.length - 7; at < wordsEnd; at += 8) {
            long high = (long) WORDS.get(bytes, at) & HIGH_BITS;
            if (high != 0) {
                return at + Long.numberOfTrailingZeros(high) / 8;
            }
        }
        while (at < bytes.length && bytes[at] >= 0) {
            at++;
        }
        return at;
    }

    private static int endOfNonAscii(byte[] bytes, int from) {
        int at = from;
        while (at < bytes.length && bytes[at] < 0) {
            at++;
        }
        return at;
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
