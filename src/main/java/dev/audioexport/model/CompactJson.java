package dev.audioexport.model;

import jakarta.json.stream.JsonParser.Event;
import java.util.Map;

/**
 * A JSON value written back as compact JSON from the tokens it was read from: no insignificant
 * whitespace, keys in the order given, numbers exactly as written (the parser's text of them,
 * never reformatted). Strings are escaped as JSON requires; half a surrogate pair stays an
 * escape, so the text is always valid UTF-8 and still the same JSON value.
 */
final class CompactJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CompactJson() {
    }

    /** The value whose first event has just been read; the rest is read from {@code tokens}. */
    static String value(JsonTokens tokens, Event first) {
        StringBuilder out = new StringBuilder();
        boolean comma = false;
        int depth = 0;
        for (Event event = first; ; event = tokens.next()) {
            switch (event) {
                case START_OBJECT, START_ARRAY -> {
                    separate(out, comma).append(event == Event.START_OBJECT ? '{' : '[');
                    depth++;
                    comma = false;
                }
                case END_OBJECT, END_ARRAY -> {
                    out.append(event == Event.END_OBJECT ? '}' : ']');
                    depth--;
                    comma = true;
                }
                case KEY_NAME -> {
                    quote(separate(out, comma), tokens.text()).append(':');
                    comma = false;
                }
                default -> {
                    separate(out, comma).append(scalar(event, tokens.text()));
                    comma = true;
                }
            }
            if (depth == 0) {
                return out.toString();
            }
        }
    }

    /** An object of members already read, each given as compact JSON. */
    static String object(Map<String, String> members) {
        StringBuilder out = new StringBuilder().append('{');
        for (Map.Entry<String, String> member : members.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            quote(out, member.getKey()).append(':').append(member.getValue());
        }
        return out.append('}').toString();
    }

    /** A scalar token as JSON text. */
    static String scalar(Event event, String text) {
        return switch (event) {
            case VALUE_STRING -> quote(new StringBuilder(text.length() + 2), text).toString();
            case VALUE_NUMBER -> text;
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            default -> throw new IllegalArgumentException("not a scalar: " + event);
        };
    }

    private static StringBuilder separate(StringBuilder out, boolean comma) {
        return comma ? out.append(',') : out;
    }

    static StringBuilder quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !pairedAt(text, i)) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                        if (Character.isHighSurrogate(c)) {
                            out.append(text.charAt(++i));
                        }
                    }
                }
            }
        }
        return out.append('"');
    }

    /** True when the surrogate at {@code i} is a high one followed by its low half. */
    private static boolean pairedAt(String text, int i) {
        return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                .append(HEX[c & 0xF]);
    }
}
