package org.mailstore.imapd.sort;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * Writes threads as RFC 5256's {@code thread-list}s: a chain of only children as {@code (1 2 3)}, siblings as nested
 * lists {@code (1 (2)(3))}, a dummy as the nesting alone {@code ((2)(3))}. Iterative, so a reply chain 100,000 deep
 * costs no stack.
 */
final class ThreadWriter {
    private ThreadWriter() {}

    /** The roots' thread-lists, concatenated, with each message written as {@code number.applyAsLong(index)}. */
    static String write(List<ThreadNode> roots, IntToLongFunction number) {
        StringBuilder out = new StringBuilder();
        Deque<Object> work = new ArrayDeque<>();
        for (int r = roots.size() - 1; r >= 0; r--) {
            work.push(")");
            work.push(roots.get(r));
            work.push("(");
        }
        while (!work.isEmpty()) {
            Object item = work.pop();
            if (item instanceof String s) {
                out.append(s);
                continue;
            }
            ThreadNode n = (ThreadNode) item;
            boolean wrote = false;
            // a chain of only children is one thread-members list
            while (true) {
                if (!n.dummy()) {
                    if (wrote) out.append(' ');
                    out.append(number.applyAsLong(n.message));
                    wrote = true;
                }
                if (n.children.size() != 1 || n.dummy()) break;
                n = n.children.getFirst();
            }
            if (n.children.isEmpty()) continue;
            if (wrote) out.append(' ');
            for (int c = n.children.size() - 1; c >= 0; c--) {
                work.push(")");
                work.push(n.children.get(c));
                work.push("(");
            }
        }
        return out.toString();
    }
}
