package org.mailstore.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears every instance's committed mailbox changes through one LISTEN connection and hands each to
 * the subscribers of that account (IMAP sessions in IDLE or between commands). Started on the first
 * subscription; when the connection breaks it reconnects with a capped back-off, and tells every
 * subscriber with a {@code null} change that notifications may have been missed, so they re-read.
 */
public final class ChangeListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);
    static final int POLL_MILLIS = 250;
    static final long MAX_BACKOFF_MILLIS = 5_000;

    private final DataSource dataSource;
    private final Map<Long, Set<Consumer<MailboxChange>>> subscribers = new ConcurrentHashMap<>();
    private volatile Thread loop;
    private volatile boolean closed;

    ChangeListener(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Calls {@code subscriber} for each change to the account's mailboxes until the returned handle is closed. */
    public AutoCloseable subscribe(long accountId, Consumer<MailboxChange> subscriber) {
        subscribers.computeIfAbsent(accountId, k -> new CopyOnWriteArraySet<>()).add(subscriber);
        start();
        return () -> subscribers.computeIfPresent(accountId, (k, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    private synchronized void start() {
        if (loop == null && !closed) {
            loop = Thread.ofPlatform().daemon().name("mailstore-change-listener").start(this::run);
        }
    }

    private void run() {
        long backoff = 100;
        while (!closed) {
            try (Connection c = dataSource.getConnection()) {
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN " + ChangeNotifier.CHANNEL);
                }
                if (!c.getAutoCommit()) c.commit();
                log.debug("listening for mailbox changes");
                backoff = 100;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] batch = pg.getNotifications(POLL_MILLIS);
                    if (batch != null) for (PGNotification n : batch) dispatch(MailboxChange.parse(n.getParameter()));
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) break;
                log.warn("change notifications interrupted ({}); reconnecting in {} ms", e.getMessage(), backoff);
                subscribers.values().forEach(set -> set.forEach(s -> deliver(s, null)));
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
            }
        }
    }

    private void dispatch(MailboxChange change) {
        if (change == null) return;
        Set<Consumer<MailboxChange>> set = subscribers.get(change.accountId());
        if (set != null) set.forEach(s -> deliver(s, change));
    }

    private static void deliver(Consumer<MailboxChange> subscriber, MailboxChange change) {
        try {
            subscriber.accept(change);
        } catch (RuntimeException e) {
            log.warn("change subscriber failed", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        Thread t = loop;
        if (t != null) {
            t.interrupt();
            try {
                t.join(POLL_MILLIS * 4L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
