package org.mailstore.reconciler;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** An iterator over something that holds files or connections open, with one element of look-ahead for merges. */
interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    /** The next element without consuming it, or null at the end. */
    T peek();

    @Override
    void close();

    static <T> CloseableIterator<T> of(Iterator<T> it, AutoCloseable resource) {
        return new CloseableIterator<>() {
            private T next;

            @Override
            public T peek() {
                if (next == null && it.hasNext()) next = it.next();
                return next;
            }

            @Override
            public boolean hasNext() {
                return peek() != null;
            }

            @Override
            public T next() {
                T t = peek();
                if (t == null) throw new NoSuchElementException();
                next = null;
                return t;
            }

            @Override
            public void close() {
                try {
                    resource.close();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("closing " + resource + " failed", e);
                }
            }
        };
    }

    static <T> CloseableIterator<T> empty() {
        return of(java.util.Collections.emptyIterator(), () -> { });
    }
}
