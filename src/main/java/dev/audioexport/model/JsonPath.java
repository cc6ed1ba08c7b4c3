package dev.audioexport.model;

import java.util.Arrays;

/** The path of the value being decoded, e.g. {@code projects.p1.labels[0].id}, for messages. */
final class JsonPath {

    private static final String INDEX_MARK = "\u0000";

    private String[] segments = new String[16];
    private int depth;

    void clear() {
        depth = 0;
    }

    boolean isEmpty() {
        return depth == 0;
    }

    void push(String name) {
        if (depth == segments.length) {
            segments = Arrays.copyOf(segments, depth * 2);
        }
        segments[depth++] = name;
    }

    /** Enters array element {@code index}; kept cheap because it happens for every element. */
    void index(int index) {
        push(INDEX_MARK + index);
    }

    boolean atIndex() {
        return depth > 0 && segments[depth - 1].startsWith(INDEX_MARK);
    }

    void pop() {
        depth--;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            String segment = segments[i];
            if (segment.startsWith(INDEX_MARK)) {
                text.append('[').append(segment, 1, segment.length()).append(']');
            } else {
                if (text.length() > 0) {
                    text.append('.');
                }
                text.append(segment);
            }
        }
        return text.toString();
    }
}
