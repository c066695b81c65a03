package org.mailstore.store;

import java.util.Arrays;

/** A growing {@code long[]}, so that a million UIDs are 8 MB of primitives and not a million boxed Longs. */
final class LongArrayBuilder {
    /** Small: most answers (a SEARCH's few matches, a session's changes) are a handful of UIDs. */
    private static final int INITIAL_CAPACITY = 16;

    private long[] values = new long[INITIAL_CAPACITY];
    private int size;

    void add(long value) {
        if (size == values.length) values = Arrays.copyOf(values, values.length * 2);
        values[size++] = value;
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
