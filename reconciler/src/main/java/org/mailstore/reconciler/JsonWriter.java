package org.mailstore.reconciler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A streaming JSON writer, so a report listing millions of findings is never held in memory.
 * Values: strings, numbers, booleans, null, lists and maps of those.
 */
final class JsonWriter implements AutoCloseable {
    private final Writer out;
    /** Per open container: whether it has no member yet. */
    private final Deque<Boolean> empty = new ArrayDeque<>();
    private boolean afterName;

    JsonWriter(Writer out) {
        this.out = out;
    }

    JsonWriter beginObject() {
        separate();
        write("{");
        empty.push(true);
        return this;
    }

    JsonWriter endObject() {
        empty.pop();
        write("}");
        return this;
    }

    JsonWriter beginArray() {
        separate();
        write("[");
        empty.push(true);
        return this;
    }

    JsonWriter endArray() {
        empty.pop();
        write("\n]");
        return this;
    }

    JsonWriter name(String name) {
        separate();
        string(name);
        write(":");
        afterName = true;
        return this;
    }

    JsonWriter value(Object v) {
        switch (v) {
            case null -> {
                separate();
                write("null");
            }
            case String s -> {
                separate();
                string(s);
            }
            case Number n -> {
                separate();
                write(n.toString());
            }
            case Boolean b -> {
                separate();
                write(b.toString());
            }
            case Map<?, ?> m -> {
                beginObject();
                for (Map.Entry<?, ?> e : m.entrySet()) name(String.valueOf(e.getKey())).value(e.getValue());
                endObject();
            }
            case List<?> l -> {
                beginArray();
                for (Object o : l) value(o);
                endArray();
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
        }
        return this;
    }

    /** A member of an array on a line of its own, so a report can be read with grep and line tools. */
    JsonWriter element(Object v) {
        separate();
        write("\n");
        afterName = true;
        return value(v);
    }

    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!empty.isEmpty()) {
            if (!empty.peek()) write(",");
            empty.pop();
            empty.push(false);
        }
    }

    private void string(String s) {
        write(JsonString.quote(s));
    }

    private void write(String s) {
        try {
            out.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report: " + e.getMessage(), e);
        }
    }
}
