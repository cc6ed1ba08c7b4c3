package dev.audioexport.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Seeded random export lines for differential tests of the fast path against Parsson: valid
 * JSON shaped like an export (so the decoder reads its fields) with every escape, raw non-ASCII
 * of 2 to 4 bytes, numbers of every form, colliding keys, nesting near the limits; and about a
 * third of them broken at the byte level (invalid UTF-8, control bytes, truncation, garbage).
 */
public final class JsonLineGenerator {

    private static final String[] WHITESPACE = {"", "", "", " ", "\t", "\r", "\n", " \t\r\n "};
    private static final String[] ESCAPES = {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0000",
        "\\u001f", "\\u0041", "\\u00e9", "\\u00E9", "\\u65e5", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\ud83d",
        "\\ude00", "\\ude00\\ud83d", "\\uffff", "\\ufeff", "\\u2028", "\\u0022", "\\u005c", "\\u002C"};
    /** Raw characters of 1 to 4 UTF-8 bytes, and the ASCII the CSV quoting looks for. */
    private static final String[] RAW = {"a", "Z", "0", " ", ",", "\u007f", "é", "ß", "日", "本", "\u2028",
        "\uffff", "😀", "\uD834\uDD1E", "'", "}", "]", "{", ":"};
    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "12.5", "0.0", "-0.0", "1e3", "1E3", "1e+3",
        "1E-3", "-1.5e-10", "0e0", "0E+0", "123456789012345678901234567890",
        "-98765432109876543210.12345678901234567890", "1e400", "4.9e-325", "9223372036854775807",
        "9223372036854775808", "-9223372036854775809", "2147483648", "1500.0", "1500", "1.5e3"};
    private static final String[] BAD_NUMBERS = {"01", "-", "1.", ".5", "+1", "1e", "1e+", "-01", "00", "1.e3",
        "0x10", "1..2", "--1", "NaN", "Infinity", "-Infinity", "1_000", "1e3.5"};
    /** Bytes that break UTF-8 or JSON wherever they land. */
    private static final byte[][] BAD_BYTES = {
        {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
        {(byte) 0xE0, (byte) 0x9F, (byte) 0xBF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xED, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xE6, (byte) 0x97}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, {(byte) 0x80}, {(byte) 0xBF},
        {(byte) 0xFE}, {(byte) 0xFF}, {(byte) 0xC2}, {0}, {1}, {0x1F}, {'\\'}, {'"'}, {','}, {'}'}, {']'},
        {'\\', 'u', 'd', '8'}, {'\\', 'x'}, {0x0B}, {0x0C}, {(byte) 0xC2, (byte) 0xA0}};
    private static final String[] KNOWN_KEYS = {"id", "global_key", "external_id", "row_data", "details",
        "dataset_id", "created_at", "created_by", "name", "value", "schema_id", "type", "mime_type", "action"};

    private final Random random;
    private final List<String> keys;

    public JsonLineGenerator(long seed) {
        random = new Random(seed);
        keys = collidingKeys();
    }

    /**
     * Keys for the fast path's key cache: lengths around its limits (8, 16, 64), and groups of the
     * same length and the same first and last 8 bytes that differ only in the middle or in one byte.
     */
    private List<String> collidingKeys() {
        List<String> all = new java.util.ArrayList<>(List.of(KNOWN_KEYS));
        for (int length : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 24, 63, 64, 65, 100}) {
            String base = "k".repeat(length);
            all.add(base);
            for (int variant = 0; variant < 3 && length > 0; variant++) {
                char[] c = base.toCharArray();
                c[length / 2] = (char) ('a' + variant);
                all.add(new String(c));
                c[length - 1] = (char) ('A' + variant);
                all.add(new String(c));
            }
        }
        all.add("héllo wörld 日本 key");
        all.add("é");
        all.add("😀😀");
        return all;
    }

    /** A line: valid JSON shaped like an export, often broken at the byte level. */
    public byte[] line() {
        StringBuilder json = new StringBuilder();
        ws(json);
        json.append('{');
        ws(json);
        json.append("\"data_row\":");
        ws(json);
        json.append("{\"id\":").append(random.nextInt(20) == 0 ? "\"\"" : string()).append(",\"global_key\":");
        json.append(random.nextBoolean() ? string() : "null");
        json.append(",\"details\":{\"created_at\":").append(value(2)).append(",\"dataset_name\":").append(string());
        json.append(",\"created_by\":").append(value(3)).append("}}");
        int members = random.nextInt(6);
        for (int i = 0; i < members; i++) {
            json.append(',');
            ws(json);
            switch (random.nextInt(6)) {
                case 0 -> json.append("\"media_attributes\":").append(object(2));
                case 1 -> json.append("\"metadata_fields\":[").append(object(2)).append(',').append(object(1)).append(']');
                case 2 -> json.append("\"attachments\":[{\"id\":").append(string()).append(",\"value\":")
                        .append(value(2)).append(",\"name\":").append(string()).append("}]");
                case 3 -> json.append("\"projects\":{").append(string()).append(":{\"name\":").append(string())
                        .append(",\"project_details\":{\"priority\":").append(value(1)).append("},\"labels\":[{\"id\":")
                        .append(string()).append(",\"performance_details\":{\"seconds_to_create\":").append(number())
                        .append("},\"annotations\":{\"classifications\":[{\"feature_id\":\"f\",\"name\":")
                        .append(string()).append(",\"text_answer\":{\"content\":").append(string()).append("}}]}}]}}");
                case 4 -> json.append(key()).append(':').append(deep());
                default -> json.append(key()).append(':').append(value(4));
            }
            ws(json);
        }
        json.append('}');
        ws(json);
        byte[] line = json.toString().getBytes(StandardCharsets.UTF_8);
        return random.nextInt(3) == 0 ? broken(line) : line;
    }

    /** The line with bytes cut, replaced, inserted or appended. */
    private byte[] broken(byte[] line) {
        int at = random.nextInt(line.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(5)) {
            case 0 -> out.write(line, 0, at);                                  // truncated
            case 1 -> {                                                          // a bad byte sequence inserted
                out.write(line, 0, at);
                out.writeBytes(BAD_BYTES[random.nextInt(BAD_BYTES.length)]);
                out.write(line, at, line.length - at);
            }
            case 2 -> {                                                          // a byte replaced
                out.writeBytes(line);
                byte[] b = out.toByteArray();
                b[Math.min(at, b.length - 1)] = BAD_BYTES[random.nextInt(BAD_BYTES.length)][0];
                return b;
            }
            case 3 -> {                                                          // a byte dropped
                out.write(line, 0, Math.min(at, line.length - 1));
                out.write(line, Math.min(at + 1, line.length), Math.max(0, line.length - at - 1));
            }
            default -> {                                                         // trailing content
                out.writeBytes(line);
                String[] tails = {"x", "{}", " 1", ",", "\u0000", "  }", "\f", "\u00a0", "// c", "null"};
                out.writeBytes(tails[random.nextInt(tails.length)].getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    private void ws(StringBuilder json) {
        json.append(WHITESPACE[random.nextInt(WHITESPACE.length)]);
    }

    private String value(int depth) {
        int kind = random.nextInt(depth > 0 ? 8 : 5);
        return switch (kind) {
            case 0, 1 -> string();
            case 2 -> number();
            case 3 -> new String[] {"true", "false", "null"}[random.nextInt(3)];
            case 4 -> random.nextInt(30) == 0 ? BAD_NUMBERS[random.nextInt(BAD_NUMBERS.length)]
                    : random.nextInt(10) == 0 ? new String[] {"tru", "nul", "fals", "True", "nulll"}[random.nextInt(5)]
                    : string();
            case 5, 6 -> object(depth - 1);
            default -> array(depth - 1);
        };
    }

    private String object(int depth) {
        StringBuilder json = new StringBuilder("{");
        ws(json);
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                json.append(',');
                ws(json);
            }
            json.append(random.nextInt(4) == 0 ? string() : key());
            ws(json);
            json.append(':');
            ws(json);
            json.append(value(depth));
            ws(json);
        }
        return json.append('}').toString();
    }

    private String array(int depth) {
        StringBuilder json = new StringBuilder("[");
        ws(json);
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                json.append(',');
                ws(json);
            }
            json.append(value(depth));
            ws(json);
        }
        return json.append(']').toString();
    }

    /** Nesting near the fast path's limit (500) and Parsson's (1,000), counted from the line's object. */
    private String deep() {
        int[] depths = {497, 498, 499, 500, 501, 997, 998, 999, 1000};
        int n = depths[random.nextInt(depths.length)];
        boolean objects = random.nextBoolean();
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < n; i++) {
            json.append(objects ? "{\"k\":" : "[");
        }
        json.append(random.nextBoolean() ? "1" : "{}");
        for (int i = 0; i < n; i++) {
            json.append(objects ? '}' : ']');
        }
        return json.toString();
    }

    private String key() {
        String key = keys.get(random.nextInt(keys.size()));
        return "\"" + key + "\"";
    }

    private String number() {
        if (random.nextInt(3) == 0) {
            return NUMBERS[random.nextInt(NUMBERS.length)];
        }
        StringBuilder n = new StringBuilder();
        if (random.nextBoolean()) {
            n.append('-');
        }
        n.append(random.nextInt(4) == 0 ? "0" : String.valueOf(1 + random.nextInt(9)) + digits(random.nextInt(25)));
        if (random.nextBoolean()) {
            n.append('.').append(digits(1 + random.nextInt(20)));
        }
        if (random.nextBoolean()) {
            n.append(random.nextBoolean() ? 'e' : 'E');
            n.append(new String[] {"", "+", "-"}[random.nextInt(3)]);
            n.append(digits(1 + random.nextInt(4)));
        }
        return n.toString();
    }

    private String digits(int count) {
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < count; i++) {
            d.append((char) ('0' + random.nextInt(10)));
        }
        return d.toString();
    }

    /** A JSON string literal: plain runs whose lengths straddle 8-byte words, escapes, raw non-ASCII. */
    public String string() {
        StringBuilder s = new StringBuilder("\"");
        int pieces = random.nextInt(50) == 0 ? 2000 + random.nextInt(20000) : random.nextInt(6);
        for (int i = 0; i < pieces; i++) {
            switch (random.nextInt(4)) {
                case 0 -> s.append("abcdefghijklmnopqrstuvwxyz", 0, random.nextInt(18));
                case 1 -> s.append(ESCAPES[random.nextInt(ESCAPES.length)]);
                default -> s.append(RAW[random.nextInt(RAW.length)]);
            }
        }
        if (random.nextInt(200) == 0) {
            s.append("é日😀x".repeat(17000));  // past the fast path's kept unescaping buffer (64k chars)
        }
        return s.append('"').toString();
    }
}
