package org.mailstore.server;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a command has started, in order, so it can be stopped in reverse: listeners before the
 * store, the store before the pool, the pool before PostgreSQL. Later protocol listeners join by
 * {@link #add}; the ready line lists what was added with {@link #addListener}.
 */
public final class ServiceStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceStack.class);

    private record Entry(String name, AutoCloseable service, boolean listener) {}

    private final List<Entry> started = new ArrayList<>();

    /** Registers a started service; returns it for chaining. */
    public synchronized <T extends AutoCloseable> T add(String name, T service) {
        started.add(new Entry(name, service, false));
        return service;
    }

    /** Registers a started listener, described (such as {@code "imap 127.0.0.1:1143"}) in the ready line. */
    public synchronized <T extends AutoCloseable> T addListener(String description, T service) {
        started.add(new Entry(description, service, true));
        return service;
    }

    /** Descriptions of the listeners, in start order. */
    public synchronized List<String> listeners() {
        return started.stream().filter(Entry::listener).map(Entry::name).toList();
    }

    /**
     * Closes everything in reverse start order. A failure to close one service is logged and the
     * rest are still closed; then an {@link IllegalStateException} names the first that failed.
     */
    @Override
    public synchronized void close() {
        IllegalStateException failure = null;
        while (!started.isEmpty()) {
            Entry e = started.removeLast();
            try {
                e.service().close();
                log.debug("stopped {}", e.name());
            } catch (Exception ex) {
                if (ex instanceof InterruptedException) Thread.currentThread().interrupt();
                log.error("stopping {} failed", e.name(), ex);
                if (failure == null) failure = new IllegalStateException("stopping " + e.name() + " failed: " + ex.getMessage(), ex);
                else failure.addSuppressed(ex);
            }
        }
        if (failure != null) throw failure;
    }
}
