package dev.audioexport.model;

import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.util.Arrays;

/**
 * The events of one JSON object with their text, read from the parser a batch at a time.
 * <p>Why: every parser call sits in {@link #fill}, so the JIT compiles the parser there rather
 * than into each method of the decoder, and memory stays bounded by a batch however large the
 * line. An error the parser raises is held back until the events before it are used, so the
 * decoder reports it with the JSON path where it occurred. Values the decoder skips are read
 * event by event too: Parsson's own skip never returns on a line that ends inside the value.
 */
final class JsonTokens {

    private static final int BATCH = 512;

    private final Event[] events = new Event[BATCH];
    private final String[] texts = new String[BATCH];
    private JsonParser parser;
    private int count;
    private int next;
    private int depth;
    private RuntimeException failure;
    private Event current;
    private String text;
    /** The fast path's parser, read event by event: it throws no error to hold back. */
    private Utf8JsonParser bytes;

    /** Starts on a parser whose object has just begun (its START_OBJECT read). */
    void open(JsonParser parser) {
        Arrays.fill(texts, null);  // a line that failed part-way leaves its texts behind
        this.parser = parser;
        this.bytes = parser instanceof Utf8JsonParser direct ? direct : null;
        count = 0;
        next = 0;
        depth = 1;
        failure = null;
        current = Event.START_OBJECT;
        text = null;
    }

    Event next() {
        if (bytes != null) {
            current = bytes.next();
            text = bytes.text();
            return current;
        }
        if (next == count) {
            fill();
        }
        current = events[next];
        text = texts[next];
        texts[next++] = null;
        return current;
    }

    /** The text of the current key, string or number. */
    String text() {
        return text;
    }

    /** Skips the rest of a value whose first event is the current one. */
    void skipCurrent() {
        for (int open = isStart(current) ? 1 : 0; open > 0; ) {
            Event event = next();
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
            }
        } catch (RuntimeException e) {
            failure = e;
            if (count == 0) {
                throw e;
            }
        }
    }
}
