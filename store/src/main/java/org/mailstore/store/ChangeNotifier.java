package org.mailstore.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.jooq.impl.SQLDataType;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends committed {@link MailboxChange}s to every server instance with NOTIFY, after the writing transactions have
 * committed, in one short autocommit statement for all changes that queued up meanwhile.
 *
 * <p>Why not NOTIFY inside the writing transaction (where it would be atomic with the commit): PostgreSQL holds its
 * database-wide notify-queue lock from the commit's pre-commit step until its WAL flush, so every notifying commit of
 * the whole database waited for the previous one's fsync. Here a NOTIFY transaction writes only its commit record and
 * does not wait for its flush (it changed nothing else), so it holds the lock for microseconds. The price is a crash
 * window: a process that dies between a commit and this send loses that notification. Nothing is lost from the
 * database; sessions of other instances see the change at their next command (every command boundary reads
 * HIGHESTMODSEQ), and an IDLE session of another instance only once its client sends something or another change to
 * that mailbox is announced (docs/store.md, "Change notifications").
 */
final class ChangeNotifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeNotifier.class);
    static final String CHANNEL = "mailstore_changes";
    /** Built once: one sent at nearly every commit was, built anew each time, 7% of serve's samples under the IMAP load. */
    private static final RenderedQuery NOTIFY = RenderedQuery.of(
            DSL.select(DSL.function("pg_notify", Object.class, DSL.inline(CHANNEL), DSL.field(DSL.name("p"), SQLDataType.VARCHAR)))
                    .from(DSL.unnest(DSL.param("payloads", SQLDataType.VARCHAR.array())).as("n", "p")), "payloads");
    /** Payloads per NOTIFY statement at most, so one statement stays small however many changes queued up. */
    static final int MAX_PER_STATEMENT = 500;
    /** How often the sender looks whether it was closed while nothing is queued. */
    static final long POLL_MILLIS = 100;
    /** How long {@link #close} waits for queued changes to be sent. */
    static final long CLOSE_WAIT_MILLIS = 2_000;

    private final Transactions tx;
    private final LinkedBlockingQueue<MailboxChange> queue = new LinkedBlockingQueue<>();
    private final Thread sender;
    private volatile boolean closed;

    ChangeNotifier(Transactions tx) {
        this.tx = tx;
        this.sender = Thread.ofVirtual().name("change-notifier").start(this::sendLoop);
    }

    /**
     * NOTIFY inside a transaction that is not run by {@link Transactions} (so nobody sends its changes after the
     * commit): PostgreSQL sends it at that commit.
     */
    static void notifyAtCommit(DSLContext t, Collection<MailboxChange> changes) {
        notifyAll(t, changes.stream().map(MailboxChange::payload).toArray(String[]::new));
    }

    /** Queues changes whose transaction has committed. */
    void committed(Collection<MailboxChange> changes) {
        queue.addAll(changes);
    }

    private void sendLoop() {
        List<MailboxChange> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                MailboxChange first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_PER_STATEMENT - 1);
                send(batch);
            } catch (InterruptedException e) {
                if (closed) return;
            } catch (RuntimeException e) {
                // The database is unreachable: listeners lose their LISTEN connection as well and tell every
                // subscriber to re-read when it is back, so dropping these is safe.
                log.warn("could not announce {} mailbox change(s): {}", batch.size(), e.getMessage());
            }
            batch.clear();
        }
    }

    private void send(List<MailboxChange> batch) {
        // Identical payloads (two commits that left a mailbox in the same announced state) need one NOTIFY.
        String[] payloads = new LinkedHashSet<>(batch.stream().map(MailboxChange::payload).toList()).toArray(String[]::new);
        tx.singleStatement(c -> notifyAll(DSL.using(c), payloads));
    }

    private static int notifyAll(DSLContext t, String[] payloads) {
        return NOTIFY.resultQuery(t, (Object) payloads).fetch().size();
    }

    @Override
    public void close() {
        closed = true;
        try {
            sender.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.interrupt();
    }
}
