package dev.audioexport.model;

import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;

/**
 * The events of one JSON object, read from the parser a batch at a time, with their text.
 * <p>Why: every parser call sits in {@link #fill}, which runs once a batch, so the JIT compiles the
 * parser once there instead of into each method of the decoder; on a run of a few seconds that
 * compile time was a third of the CPU. An error the parser raises is held back until the events
 * before it are used, so the decoder reports it with the JSON path where it occurred.
 */
final class JsonTokens {

    private static final int BATCH = 512;
    /** Below this depth a batch ends at each object or array start, which the parser may then skip. */
    private static final int DEEP = 64;

    private final Event[] events = new Event[BATCH];
    private final String[] texts = new String[BATCH];
    private JsonParser parser;
    private int count;
    private int next;
    private int depth;
    private RuntimeException failure;
    private Event current;
    private String text;

    /** Starts on a parser whose object has just begun (its START_OBJECT read). */
    void open(JsonParser parser) {
        this.parser = parser;
        count = 0;
        next = 0;
        depth = 1;
        failure = null;
        current = Event.START_OBJECT;
        text = null;
    }

    Event next() {
        if (next == count) {
            fill();
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

    /**
     * Skips the rest of a value whose first event is the current one. A value the parser has
     * only just entered is skipped by the parser itself, which (unlike reading its events) has
     * no nesting limit: an unknown field may be nested as deep as it likes.
     */
    void skipCurrent() {
        int open = 0;
        for (Event event = current; ; event = next()) {
            if (isStart(event)) {
                if (next == count && failure == null) {
                    skipInParser(event);
                } else {
                    open++;
                }
            } else if (event == Event.END_OBJECT || event == Event.END_ARRAY) {
                open--;
            }
            if (open == 0) {
                return;
            }
        }
    }

    private void skipInParser(Event start) {
        if (start == Event.START_OBJECT) {
            parser.skipObject();
        } else {
            parser.skipArray();
        }
        depth--;
        current = start == Event.START_OBJECT ? Event.END_OBJECT : Event.END_ARRAY;
    }

    private static boolean isStart(Event event) {
        return event == Event.START_OBJECT || event == Event.START_ARRAY;
    }

    /** Reads up to a batch of events, to the end of the object at most. */
    private void fill() {
        if (failure != null || depth == 0) {
            throw failure != null ? failure : new IllegalStateException("read past the end of the object");
        }
        count = 0;
        next = 0;
        try {
            while (count < BATCH && depth > 0) {
                Event event = parser.next();
                switch (event) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case KEY_NAME, VALUE_STRING, VALUE_NUMBER -> texts[count] = parser.getString();
                    default -> {
                    }
                }
                events[count++] = event;
                if (depth > DEEP && isStart(event)) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            failure = e;
            if (count == 0) {
                throw e;
            }
        }
    }
}
