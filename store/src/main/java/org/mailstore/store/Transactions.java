package org.mailstore.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.TransactionalCallable;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DefaultConnectionProvider;
import org.mailstore.store.journal.Journal;
import org.mailstore.store.journal.JournalRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs store work in PostgreSQL transactions. The transaction is the store's only concurrency
 * boundary: UIDs, MODSEQs and quota come from row-locking updates inside it, never from Java-side
 * counters.
 *
 * <p>Callers are virtual threads, possibly thousands at once, so a semaphore sized to the pool
 * admits only as many transactions as there are connections instead of letting threads queue
 * inside the pool. Deadlocks and serialization failures are retried a few times; every other
 * database failure becomes a {@link StoreException} with reason DATABASE_UNAVAILABLE, and store
 * code signals its own failures by throwing StoreException from inside the callable (which rolls
 * the transaction back).
 *
 * <p>Lock order, kept by every writer to avoid deadlocks: an account's quota row, then its mailbox
 * rows in ascending mailbox_id, then message rows.
 */
final class Transactions {
    private static final Logger log = LoggerFactory.getLogger(Transactions.class);
    static final int MAX_ATTEMPTS = 5;

    /** The mailbox changes of the transaction running on this thread, announced once it has committed. */
    private static final ScopedValue<List<MailboxChange>> COMMITTED_CHANGES = ScopedValue.newInstance();
    /** The journal records the transaction running on this thread has made durable, in doubt if it then fails. */
    private static final ScopedValue<Journaled> JOURNALED = ScopedValue.newInstance();

    private final DSLContext dsl;
    private final Semaphore permits;
    private final ChangeNotifier notifier;
    private final UidClaims claims = new UidClaims();
    private final InDoubtCommits inDoubt = new InDoubtCommits(claims);
    private final ReentrantLock settling = new ReentrantLock();

    Transactions(DSLContext dsl, int maxConcurrent) {
        if (maxConcurrent < 1) throw new IllegalArgumentException("maxConcurrent must be >= 1");
        this.dsl = dsl;
        this.permits = new Semaphore(maxConcurrent, true);
        this.notifier = new ChangeNotifier(this);
    }

    /**
     * Has {@code changes} announced to every instance once the current transaction has committed (nothing if it rolls
     * back). Outside {@link #run} and {@link #singleStatement}, queues a NOTIFY that PostgreSQL sends at commit.
     */
    static void announceAfterCommit(DSLContext t, Collection<MailboxChange> changes) {
        if (COMMITTED_CHANGES.isBound()) COMMITTED_CHANGES.get().addAll(changes);
        else ChangeNotifier.notifyAtCommit(t, changes);
    }

    /**
     * Appends {@code records} to {@code journal} for the transaction running on this thread, which then holds them in
     * doubt if it fails (see {@link InDoubtCommits}). Their UIDs are claimed first ({@link UidClaims}): CONFLICT,
     * before anything is written, if a failed or uncommitted transaction journaled one of them.
     */
    static void journal(Journal journal, List<JournalRecord> records) throws IOException {
        if (JOURNALED.isBound()) JOURNALED.get().append(journal, records);
        else journal.append(records);
    }

    /** Stops the change notifier after it has sent what is queued. */
    void close() {
        notifier.close();
    }

    DSLContext dsl() {
        return dsl;
    }

    <T> T run(TransactionalCallable<T> work) {
        return admitted(work, true);
    }

    /**
     * Runs {@code work}, which must be one statement (a read, one NOTIFY, or a write that needs no other statement in
     * its transaction), on an autocommit connection: PostgreSQL gives a single statement its own snapshot and
     * transaction anyway, so an explicit one would only add the COMMIT round trip. The mailbox changes a write
     * announces ({@link #announceAfterCommit}) are sent once it has returned, that is, committed. Not for work that
     * journals, nor for reads through a cursor: with autocommit on, the driver reads a whole result at once.
     */
    <T> T singleStatement(TransactionalCallable<T> work) {
        return admitted(work, false);
    }

    private <T> T admitted(TransactionalCallable<T> work, boolean transaction) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Reason.DATABASE_UNAVAILABLE, "interrupted while waiting for the database", e);
        }
        try {
            // Writes on autocommit connections (a plain STORE) raise MODSEQs too, so they wait for the settling as well:
            // a failed commit's expunge re-applied later would otherwise get a MODSEQ below one clients have seen.
            if (inDoubt.pending()) settleInDoubt();
            return runWithRetries(work, transaction);
        } finally {
            permits.release();
        }
    }

    /**
     * Settles the journal records of failed commits before any other transaction may hand out their UIDs; one thread
     * settles while the others wait. Fails (DATABASE_UNAVAILABLE) while the database is still away.
     */
    private void settleInDoubt() {
        settling.lock();
        try {
            if (!inDoubt.pending()) return;
            List<JournalRecord> doubtful = inDoubt.snapshot();
            runWithRetries(t -> {
                InDoubtCommits.resolve(t.dsl(), doubtful);
                return null;
            }, true);
            inDoubt.settled(doubtful);
        } finally {
            settling.unlock();
        }
    }

    private <T> T runWithRetries(TransactionalCallable<T> work, boolean transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                // A failed attempt may have journaled; its UIDs are claimed until settled, and the retry would want them.
                if (attempt > 1 && transaction && inDoubt.pending() && !settling.isHeldByCurrentThread()) settleInDoubt();
                return transaction ? inTransaction(work) : autocommitted(work);
            } catch (StoreException e) {
                throw e;
            } catch (DataAccessException e) {
                StoreException own = ownCause(e);
                if (own != null) throw own;
                String state = sqlState(e);
                boolean retryable = "40001".equals(state) || "40P01".equals(state);
                if (retryable && attempt < MAX_ATTEMPTS) {
                    log.debug("transaction collided (SQLSTATE {}), attempt {} of {}", state, attempt, MAX_ATTEMPTS);
                    continue;
                }
                if (retryable) {
                    throw new StoreException(StoreException.Reason.CONFLICT, "concurrent changes collided; try again", e);
                }
                throw new StoreException(StoreException.Reason.DATABASE_UNAVAILABLE,
                        "database failure" + (state == null ? "" : " (SQLSTATE " + state + ")"), e);
            } catch (RuntimeException e) {
                StoreException own = ownCause(e);
                if (own != null) throw own;
                throw e;
            }
        }
    }

    /**
     * One transaction on one pooled connection: autocommit off, the work, commit; rollback on any
     * failure. Done by hand rather than with jOOQ's transaction provider, which asks the server for
     * the connection's isolation level before every transaction: one more round trip each time.
     */
    private <T> T inTransaction(TransactionalCallable<T> work) {
        return dsl.connectionResult(c -> {
            c.setAutoCommit(false);
            Journaled journaled = new Journaled(claims, new ArrayList<>());
            try {
                List<MailboxChange> changes = new ArrayList<>();
                T result = ScopedValue.where(COMMITTED_CHANGES, changes).where(JOURNALED, journaled)
                        .call(() -> work.run(onConnection(c)));
                c.commit();
                journaled.committed();
                if (!changes.isEmpty()) notifier.committed(changes);
                return result;
            } catch (Throwable t) {
                if (!journaled.records().isEmpty()) inDoubt.add(journaled.records());
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    t.addSuppressed(rollbackFailure);
                }
                if (t instanceof Exception e) throw e;
                if (t instanceof Error e) throw e;
                throw new DataAccessException("transaction failed", t);
            }
        });
    }

    private <T> T autocommitted(TransactionalCallable<T> work) {
        return dsl.connectionResult(c -> {
            List<MailboxChange> changes = new ArrayList<>();
            T result;
            try {
                result = ScopedValue.where(COMMITTED_CHANGES, changes).call(() -> work.run(onConnection(c)));
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new DataAccessException("statement failed", t);
            }
            if (!changes.isEmpty()) notifier.committed(changes);
            return result;
        });
    }

    /** What one transaction has journaled; its records' UIDs stay claimed until it commits or they are settled. */
    private record Journaled(UidClaims claims, List<JournalRecord> records) {
        void append(Journal journal, List<JournalRecord> rs) throws IOException {
            claims.claim(rs);
            try {
                journal.append(rs);
            } catch (IOException | RuntimeException e) {
                claims.release(rs);
                throw e;
            }
            records.addAll(rs);
        }

        /** Releases the claims; most transactions journal nothing and skip the shared lock. */
        void committed() {
            if (!records.isEmpty()) claims.release(records);
        }
    }

    private Configuration onConnection(Connection c) {
        return dsl.configuration().derive(new DefaultConnectionProvider(c));
    }

    private static StoreException ownCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StoreException s) return s;
        }
        return null;
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) return s.getSQLState();
        }
        return null;
    }
}
