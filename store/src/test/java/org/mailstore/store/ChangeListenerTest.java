package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChangeListenerTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    @Test
    void committedChangesReachSubscribersOfThatAccountOnly() throws Exception {
        Account a = f.account("listen@example.org");
        Account other = f.account("other@example.org");
        BlockingQueue<MailboxChange> heard = new LinkedBlockingQueue<>();
        BlockingQueue<MailboxChange> otherHeard = new LinkedBlockingQueue<>();
        try (AutoCloseable s1 = f.store.changes().subscribe(a.id(), c -> { if (c != null) heard.add(c); });
             // The creation of other's own mailboxes is announced after its commit, so it may arrive once s2 listens:
             // that is other's news, not a leak of a's changes.
             AutoCloseable s2 = f.store.changes().subscribe(other.id(), c -> {
                 if (c != null && !(c.accountId() == other.id() && c.kind() == MailboxChange.Kind.MAILBOX)) otherHeard.add(c);
             })) {
            Thread.sleep(ChangeListener.POLL_MILLIS * 2L); // the listener's LISTEN is in place
            AppendResult r = f.append(a, "INBOX", StoreFixture.message("notify", "x"));
            MailboxChange c = heard.poll(5, TimeUnit.SECONDS);
            assertNotNull(c, "notification within 5 s");
            assertEquals(new MailboxChange(a.id(), r.mailboxId(), MailboxChange.Kind.APPENDED, r.modseq(), r.uid() + 1), c);
            f.store.messages().storeFlags(a, r.mailboxId(), java.util.List.of(r.uid()), Messages.FlagMode.ADD,
                    Flags.of(java.util.List.of("\\Deleted")));
            assertEquals(MailboxChange.Kind.FLAGS, heard.poll(5, TimeUnit.SECONDS).kind());
            f.store.messages().expungeDeleted(a, r.mailboxId(), null);
            assertEquals(MailboxChange.Kind.EXPUNGED, heard.poll(5, TimeUnit.SECONDS).kind());
            assertNull(otherHeard.poll(200, TimeUnit.MILLISECONDS), "other accounts hear nothing");
        }
    }

    @Test
    void changesAreAnnouncedOnlyAfterTheirTransactionCommits() throws Exception {
        Account a = f.account("after-commit@example.org");
        BlockingQueue<MailboxChange> heard = new LinkedBlockingQueue<>();
        Transactions tx = new Transactions(DSL.using(f.dataSource, SQLDialect.POSTGRES), 2);
        long box = Long.MAX_VALUE; // no real mailbox: the account's own creation announced its real ones
        try (AutoCloseable s = f.store.changes().subscribe(a.id(), c -> { if (c != null && c.mailboxId() == box) heard.add(c); })) {
            Thread.sleep(ChangeListener.POLL_MILLIS * 2L);
            MailboxChange rolledBack = new MailboxChange(a.id(), box, MailboxChange.Kind.FLAGS, 7, 1);
            assertThrows(StoreException.class, () -> tx.run(c -> {
                Transactions.announceAfterCommit(DSL.using(c), List.of(rolledBack));
                throw new StoreException(StoreException.Reason.CONFLICT, "rolled back");
            }));
            List<MailboxChange> committed = List.of(new MailboxChange(a.id(), box, MailboxChange.Kind.FLAGS, 8, 1),
                    new MailboxChange(a.id(), box, MailboxChange.Kind.EXPUNGED, 9, 1));
            tx.run(c -> {
                Transactions.announceAfterCommit(DSL.using(c), committed);
                return null;
            });
            assertEquals(committed.get(0), heard.poll(5, TimeUnit.SECONDS));
            assertEquals(committed.get(1), heard.poll(5, TimeUnit.SECONDS), "two kinds for one mailbox are not merged");
            assertNull(heard.poll(300, TimeUnit.MILLISECONDS), "the rolled-back change is never announced");
        } finally {
            tx.close();
        }
    }

    @Test
    void everyChangeOfConcurrentWritersIsAnnounced() throws Exception {
        Account a = f.account("many-writers@example.org");
        BlockingQueue<MailboxChange> heard = new LinkedBlockingQueue<>();
        int writers = 20;
        try (AutoCloseable s = f.store.changes().subscribe(a.id(), c -> {
            if (c != null && c.kind() == MailboxChange.Kind.APPENDED) heard.add(c);
        })) {
            Thread.sleep(ChangeListener.POLL_MILLIS * 2L);
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < writers; i++) {
                    int n = i;
                    pool.submit(() -> f.append(a, "INBOX", StoreFixture.message("concurrent " + n, "x")));
                }
            }
            java.util.Set<Long> modseqs = new java.util.TreeSet<>();
            for (int i = 0; i < writers; i++) {
                MailboxChange c = heard.poll(5, TimeUnit.SECONDS);
                assertNotNull(c, "notification " + (i + 1) + " of " + writers);
                modseqs.add(c.highestModseq());
            }
            assertEquals(writers, modseqs.size(), "one announcement per commit: " + modseqs);
        }
    }
}
