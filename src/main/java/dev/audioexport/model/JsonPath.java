package dev.audioexport.model;

import java.util.Arrays;

/**
 * The path of the value being decoded, e.g. {@code projects.p1.labels[0].id}, for messages.
 * Kept as a cheap stack (names, or array indexes) and only turned into text on an error.
 */
final class JsonPath {

    private static final int NOT_AN_INDEX = -1;

    private String[] names = new String[16];
    private int[] indexes = new int[16];
    private int depth;

    void clear() {
        depth = 0;
    }

    boolean isEmpty() {
        return depth == 0;
    }

    void push(String name) {
        grow();
        names[depth] = name;
        indexes[depth++] = NOT_AN_INDEX;
    }

    /** Enters array element {@code index}. */
    void index(int index) {
        grow();
        names[depth] = null;
        indexes[depth++] = index;
    }

    boolean atIndex() {
        return depth > 0 && indexes[depth - 1] != NOT_AN_INDEX;
    }

    void pop() {
        depth--;
    }

    private void grow() {
        if (depth == names.length) {
            names = Arrays.copyOf(names, depth * 2);
            indexes = Arrays.copyOf(indexes, depth * 2);
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            if (indexes[i] != NOT_AN_INDEX) {
                text.append('[').append(indexes[i]).append(']');
            } else {
                if (text.length() > 0) {
                    text.append('.');
                }
                text.append(names[i]);
            }
        }
        return text.toString();
    }
}
