package dev.audioexport.model;

import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A JSON-P parser over one export line's UTF-8 bytes, for the decoder's fast path: no pass that
 * turns the line into characters first, no String of a key the export has had before (keys come
 * from a small cache, {@link KeyCache}), strings copied straight from the bytes when they hold no
 * escape, found a word of 8 bytes at a time.
 * <p>It takes only what it is sure of: valid UTF-8 and JSON (RFC 8259, as Parsson reads it) that
 * is one object. Anything else (invalid UTF-8 or JSON, nesting deeper than {@link #MAX_DEPTH},
 * trailing content) throws {@link NotFast}, and the caller decodes the line again with Parsson,
 * which gives the reject its usual message. Not thread-safe; reused line after line.
 */
final class Utf8JsonParser implements JsonParser {

    /** Thrown where this parser steps aside; carries no stack (it is control flow, not an error). */
    static final class NotFast extends RuntimeException {
        static final NotFast INSTANCE = new NotFast();

        private NotFast() {
            super("the line needs the reference parser", null, false, false);
        }
    }

    /** Well below Parsson's 1,000, whose own message the reference path then gives. */
    static final int MAX_DEPTH = 500;

    private enum State { START, FIRST_IN_OBJECT, FIRST_IN_ARRAY, AFTER_KEY, AFTER_VALUE, DONE }

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';

    /** The longest buffer for strings with escapes kept from line to line, in chars. */
    private static final int KEPT_UNESCAPED = 1 << 16;

    private final boolean[] inObject = new boolean[MAX_DEPTH + 1];
    private final KeyCache keys = new KeyCache();
    private char[] unescaped = new char[256];
    private byte[] json;
    private int at;
    private int depth;
    private State state;
    private String text;
    /** Whether a \\u escape of this line gave a surrogate (D800-DFFF): see {@link #escapedASurrogate}. */
    private boolean escapedASurrogate;

    /** Starts on a line; throws {@link NotFast} when it is not valid UTF-8. */
    Utf8JsonParser open(byte[] line) {
        if (!Utf8Validity.isValid(line)) {
            throw NotFast.INSTANCE;
        }
        json = line;
        at = 0;
        depth = 0;
        state = State.START;
        text = null;
        escapedASurrogate = false;
        return this;
    }

    @Override
    public boolean hasNext() {
        if (state == State.START) {
            return true;
        }
        if (state != State.DONE) {
            throw new IllegalStateException("the decoder asks hasNext only before and after the object");
        }
        if (skipWhitespace() < json.length) {
            throw NotFast.INSTANCE;  // trailing content: the reference path words the reject
        }
        return false;
    }

    @Override
    public Event next() {
        text = null;
        switch (state) {
            case START -> {
                if (skipWhitespace() >= json.length || json[at] != '{') {
                    throw NotFast.INSTANCE;
                }
                at++;
                return open(true);
            }
            case FIRST_IN_OBJECT -> {
                if (nextIs('}')) {
                    at++;
                    return close(true);
                }
                return key();
            }
            case FIRST_IN_ARRAY -> {
                if (nextIs(']')) {
                    at++;
                    return close(false);
                }
                return value();
            }
            case AFTER_KEY -> {
                if (nextByte() != ':') {
                    throw NotFast.INSTANCE;
                }
                return value();
            }
            case AFTER_VALUE -> {
                int c = nextByte();
                boolean object = inObject[depth];
                if (c == ',') {
                    return object ? key() : value();
                }
                if (c == (object ? '}' : ']')) {
                    return close(object);
                }
                throw NotFast.INSTANCE;
            }
            default -> throw new IllegalStateException("read past the end of the object");
        }
    }

    private Event open(boolean object) {
        if (depth == MAX_DEPTH) {
            throw NotFast.INSTANCE;
        }
        inObject[++depth] = object;
        state = object ? State.FIRST_IN_OBJECT : State.FIRST_IN_ARRAY;
        return object ? Event.START_OBJECT : Event.START_ARRAY;
    }

    private Event close(boolean object) {
        depth--;
        state = depth == 0 ? State.DONE : State.AFTER_VALUE;
        return object ? Event.END_OBJECT : Event.END_ARRAY;
    }

    private Event key() {
        if (nextByte() != '"') {
            throw NotFast.INSTANCE;
        }
        text = string(true);
        state = State.AFTER_KEY;
        return Event.KEY_NAME;
    }

    private Event value() {
        int c = nextByte();
        state = State.AFTER_VALUE;
        switch (c) {
            case '{':
                return open(true);
            case '[':
                return open(false);
            case '"':
                text = string(false);
                return Event.VALUE_STRING;
            case 't':
                literal("rue");
                return Event.VALUE_TRUE;
            case 'f':
                literal("alse");
                return Event.VALUE_FALSE;
            case 'n':
                literal("ull");
                return Event.VALUE_NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    text = number(at - 1);
                    return Event.VALUE_NUMBER;
                }
                throw NotFast.INSTANCE;
        }
    }

    /** Whether the next byte after whitespace is {@code c} (not consumed). */
    private boolean nextIs(char c) {
        return skipWhitespace() < json.length && json[at] == c;
    }

    /** The next byte after whitespace, consumed; -1 at the end of the line. */
    private int nextByte() {
        return skipWhitespace() < json.length ? json[at++] : -1;
    }

    private int skipWhitespace() {
        byte[] b = json;
        int i = at;
        while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return at = i;
    }

    private void literal(String rest) {
        if (at + rest.length() > json.length) {
            throw NotFast.INSTANCE;
        }
        for (int i = 0; i < rest.length(); i++) {
            if (json[at + i] != rest.charAt(i)) {
                throw NotFast.INSTANCE;
            }
        }
        at += rest.length();
    }

    /** A number as written: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, its ASCII bytes as text. */
    private String number(int start) {
        byte[] b = json;
        int i = start;
        if (b[i] == '-') {
            i++;
        }
        if (i < b.length && b[i] == '0') {
            i++;
        } else {
            i = digits(i);
        }
        if (i < b.length && b[i] == '.') {
            i = digits(i + 1);
        }
        if (i < b.length && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < b.length && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            i = digits(i);
        }
        at = i;
        return new String(b, start, i - start, StandardCharsets.ISO_8859_1);
    }

    /** The end of a run of one digit or more from {@code from}. */
    private int digits(int from) {
        int i = from;
        while (i < json.length && json[i] >= '0' && json[i] <= '9') {
            i++;
        }
        if (i == from) {
            throw NotFast.INSTANCE;
        }
        return i;
    }

    /** The string whose opening quote has been read; a key from the cache. */
    private String string(boolean key) {
        byte[] b = json;
        int start = at;
        int i = start;
        // A word of 8 at a time to the first byte that ends the plain run: the closing quote, an
        // escape, or a byte below 0x20, which JSON refuses (UTF-8 has none inside a character).
        // The lowest byte the tests flag is exact; only those above it may be false alarms.
        for (int wordsEnd = b.length - 8; i <= wordsEnd; i += 8) {
            long word = (long) WORDS.get(b, i);
            long stops = below(word, 0x20) | zeros(word ^ QUOTES) | zeros(word ^ BACKSLASHES);
            if (stops != 0) {
                i += Long.numberOfTrailingZeros(stops) >>> 3;
                return stringEnd(key, start, i);
            }
        }
        while (i < b.length && b[i] != '"' && b[i] != '\\' && (b[i] < 0 || b[i] >= 0x20)) {
            i++;
        }
        return stringEnd(key, start, i);
    }

    /** The string from {@code start} whose plain run ends at {@code i}. */
    private String stringEnd(boolean key, int start, int i) {
        if (i < json.length && json[i] == '"') {
            at = i + 1;
            return key ? keys.text(json, start, i) : new String(json, start, i - start, StandardCharsets.UTF_8);
        }
        if (i < json.length && json[i] == '\\') {
            return unescape(start, i);
        }
        throw NotFast.INSTANCE;  // a control character, or the line ends inside the string
    }

    /** The high bit of each zero byte of the word (and maybe of bytes above the first). */
    private static long zeros(long word) {
        return (word - ONES) & ~word & HIGH_BITS;
    }

    /** The high bit of each byte below {@code n} (at most 128), as {@link #zeros} flags them. */
    private static long below(long word, int n) {
        return (word - ONES * n) & ~word & HIGH_BITS;
    }

    /** A string with escapes, from {@code start}; its first escape is at {@code escape}. */
    private String unescape(int start, int escape) {
        byte[] b = json;
        int n = 0;
        int i = start;
        while (true) {
            if (i >= b.length) {
                throw NotFast.INSTANCE;
            }
            if (unescaped.length - n < 4) {
                unescaped = Arrays.copyOf(unescaped, unescaped.length * 2);
            }
            int c = b[i];
            if (c == '"') {
                at = i + 1;
                String text = new String(unescaped, 0, n);
                if (unescaped.length > KEPT_UNESCAPED) {
                    unescaped = new char[256];  // a long text's buffer is not kept for the lines after it
                }
                return text;
            }
            if (c == '\\') {
                if (i + 1 >= b.length) {
                    throw NotFast.INSTANCE;
                }
                i += 2;
                switch (b[i - 1]) {
                    case '"' -> unescaped[n++] = '"';
                    case '\\' -> unescaped[n++] = '\\';
                    case '/' -> unescaped[n++] = '/';
                    case 'b' -> unescaped[n++] = '\b';
                    case 'f' -> unescaped[n++] = '\f';
                    case 'n' -> unescaped[n++] = '\n';
                    case 'r' -> unescaped[n++] = '\r';
                    case 't' -> unescaped[n++] = '\t';
                    case 'u' -> {
                        char escaped = hex4(i);
                        escapedASurrogate |= Character.isSurrogate(escaped);
                        unescaped[n++] = escaped;
                        i += 4;
                    }
                    default -> throw NotFast.INSTANCE;
                }
            } else if (c >= 0) {
                if (c < 0x20) {
                    throw NotFast.INSTANCE;
                }
                unescaped[n++] = (char) c;
                i++;
            } else {
                int length = sequenceLength(c);
                n += Character.toChars(codePoint(i, length), unescaped, n);
                i += length;
            }
        }
    }

    /** The length of the UTF-8 sequence a lead byte (not ASCII) begins. */
    private static int sequenceLength(int lead) {
        int unsigned = lead & 0xFF;
        return unsigned < 0xE0 ? 2 : unsigned < 0xF0 ? 3 : 4;
    }

    /** The code point of the (valid: checked by {@link #open}) UTF-8 sequence at {@code i}. */
    private int codePoint(int i, int length) {
        int cp = json[i] & (0x7F >> length);
        for (int k = 1; k < length; k++) {
            cp = cp << 6 | (json[i + k] & 0x3F);
        }
        return cp;
    }

    private char hex4(int from) {
        if (from + 4 > json.length) {
            throw NotFast.INSTANCE;
        }
        int value = 0;
        for (int k = 0; k < 4; k++) {
            int c = json[from + k];
            int digit = c >= '0' && c <= '9' ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                throw NotFast.INSTANCE;
            }
            value = value << 4 | digit;
        }
        return (char) value;
    }

    /**
     * Whether a \\u escape of the line read so far gave half of a surrogate pair: raw UTF-8 (valid:
     * checked by {@link #open}) gives whole pairs only, so a line without one has no string, key
     * or value, that can hold a lone surrogate. Found while unescaping, this spares the job a
     * pass over the line's bytes looking for such escapes.
     */
    boolean escapedASurrogate() {
        return escapedASurrogate;
    }

    /** The text of the current key, string or number; null at any other event. */
    String text() {
        return text;
    }

    @Override
    public String getString() {
        if (text == null) {
            throw new IllegalStateException("no text at this event");
        }
        return text;
    }

    // ---- what the decoder never asks of a parser --------------------------------------------

    @Override
    public boolean isIntegralNumber() {
        throw new UnsupportedOperationException();
    }

    @Override
    public int getInt() {
        throw new UnsupportedOperationException();
    }

    @Override
    public long getLong() {
        throw new UnsupportedOperationException();
    }

    @Override
    public BigDecimal getBigDecimal() {
        throw new UnsupportedOperationException();
    }

    @Override
    public JsonLocation getLocation() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        json = null;
    }

    /**
     * Strings by their bytes, direct-mapped: a key (or a short value) the export has had before
     * is the same String again, made without decoding or allocating anything. A slot holds the
     * last text that hashed to it.
     */
    static final class KeyCache {
        private static final int SLOTS = 4096;
        private static final int LONGEST = 64;

        /** Per slot: the key's length, its first and last 8 bytes (which are all of a key of 16 or fewer). */
        private final int[] lengths = new int[SLOTS];
        private final long[] heads = new long[SLOTS];
        private final long[] tails = new long[SLOTS];
        /** The whole key, for the bytes between head and tail of a longer one. */
        private final byte[][] bytes = new byte[SLOTS][];
        private final String[] texts = new String[SLOTS];

        /** The text of {@code json[from, to)}, which holds no escape (and is valid UTF-8) and is followed by a quote. */
        String text(byte[] json, int from, int to) {
            int length = to - from;
            if (length > LONGEST) {
                return new String(json, from, length, StandardCharsets.UTF_8);
            }
            long head = head(json, from, length);
            long tail = length > 8 ? (long) WORDS.get(json, to - 8) : 0;
            long mixed = (head * 0x9E3779B97F4A7C15L) ^ (tail + length) * 0xC2B2AE3D27D4EB4FL;
            int slot = (int) (mixed >>> 52) & (SLOTS - 1);
            if (texts[slot] != null && lengths[slot] == length && heads[slot] == head && tails[slot] == tail
                    && (length <= 16 || Arrays.equals(bytes[slot], 8, length - 8, json, from + 8, to - 8))) {
                return texts[slot];
            }
            String text = new String(json, from, length, StandardCharsets.UTF_8);
            lengths[slot] = length;
            heads[slot] = head;
            tails[slot] = tail;
            bytes[slot] = length > 16 ? Arrays.copyOfRange(json, from, to) : null;
            texts[slot] = text;
            return text;
        }

        /** The first 8 bytes, or all of fewer (the bytes after them masked off). */
        private static long head(byte[] json, int from, int length) {
            if (from + 8 <= json.length) {
                long word = (long) WORDS.get(json, from);
                return length >= 8 ? word : word & ((1L << (length << 3)) - 1);
            }
            long head = 0;
            for (int i = Math.min(length, 8) - 1; i >= 0; i--) {
                head = head << 8 | (json[from + i] & 0xFF);
            }
            return head;
        }
    }
}
