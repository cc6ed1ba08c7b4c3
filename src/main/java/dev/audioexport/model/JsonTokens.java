package dev.audioexport.model;

import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.util.Arrays;

/**
 * The events of one JSON object with their text, read from the parser in one go.
 * <p>Why: every parser call sits in {@link #open}, so the JIT compiles the parser there once
 * instead of into each method of the decoder; on a run of a few seconds that compile time was
 * a third of the CPU. An error the parser raises is held back until the events before it are
 * used, so the decoder reports it with the JSON path where it occurred. A value nested deeper
 * than {@value #DEEP} levels is skipped by the parser (which can skip any depth) and stands as one
 * marker: skipping it is fine, reading it is the parser's own nesting error.
 */
final class JsonTokens {

    static final int DEEP = 900;
    /** Arrays grown past this for one huge line are not kept for the next. */
    private static final int KEPT = 1 << 16;

    private Event[] events = new Event[1024];
    private String[] texts = new String[1024];
    private int count;
    private int next;
    private RuntimeException failure;
    private Event current;
    private String text;

    /** Reads the events of the object the parser has just begun (its START_OBJECT read). */
    void open(JsonParser parser) {
        if (events.length > KEPT) {
            events = new Event[1024];
            texts = new String[1024];
        }
        count = 0;
        next = 0;
        failure = null;
        current = Event.START_OBJECT;
        text = null;
        try {
            readObject(parser);
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void readObject(JsonParser parser) {
        for (int depth = 1; depth > 0; ) {
            Event event = parser.next();
            String value = null;
            switch (event) {
                case START_OBJECT, START_ARRAY -> {
                    if (++depth > DEEP) {
                        skipDeep(parser, event);
                        depth--;
                        event = null;
                    }
                }
                case END_OBJECT, END_ARRAY -> depth--;
                case KEY_NAME, VALUE_STRING, VALUE_NUMBER -> value = parser.getString();
                default -> {
                }
            }
            add(event, value);
        }
    }

    private static void skipDeep(JsonParser parser, Event start) {
        if (start == Event.START_OBJECT) {
            parser.skipObject();
        } else {
            parser.skipArray();
        }
    }

    private void add(Event event, String value) {
        if (count == events.length) {
            events = Arrays.copyOf(events, count * 2);
            texts = Arrays.copyOf(texts, count * 2);
        }
        events[count] = event;
        texts[count++] = value;
    }

    Event next() {
        if (advance() == null) {
            throw new RuntimeException("Input is too deeply nested " + DEEP);
        }
        return current;
    }

    private Event advance() {
        if (next == count) {
            throw failure != null ? failure : new IllegalStateException("read past the end of the object");
        }
        current = events[next];
        text = texts[next];
        texts[next++] = null;
        return current;
    }

    Event current() {
        return current;
    }

    /** The text of the current key, string or number. */
    String text() {
        return text;
    }

    /** Skips the rest of a value whose first event is the current one. */
    void skipCurrent() {
        for (int open = isStart(current) ? 1 : 0; open > 0; ) {
            Event event = advance();
            if (isStart(event)) {
                open++;
            } else if (event == Event.END_OBJECT || event == Event.END_ARRAY) {
                open--;
            }
        }
    }

    private static boolean isStart(Event event) {
        return event == Event.START_OBJECT || event == Event.START_ARRAY;
    }
}
