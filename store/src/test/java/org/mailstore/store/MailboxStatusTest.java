package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MailboxStatusTest {
    private static final int LOCK_WAIT_SECONDS = 10;

    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    @Test
    void emptyMailboxHasZeroCountersAndNoFirstUnseen() {
        Account a = f.account("empty-status@example.org");
        MailboxInfo box = f.mailbox(a, "Drafts");
        assertEquals(new MailboxStatus(0, 0, 0, 0, 0, 1, box.uidValidity(), box.highestModseq(), 0),
                f.store.mailboxes().status(a, box.id()));
    }

    @Test
    void countsUnseenDeletedRecentAndSizeFromTheDatabase() {
        Account a = f.withMessages("status@example.org", 5);
        long box = f.mailbox(a, "INBOX").id();
        f.store.messages().storeFlags(a, box, List.of(1L, 2L, 4L), Messages.FlagMode.ADD, Flags.of(List.of("\\Seen")));
        f.store.messages().storeFlags(a, box, List.of(2L, 3L), Messages.FlagMode.ADD, Flags.of(List.of("\\Deleted")));
        long size = f.store.messages().list(a, box).stream().mapToLong(MessageView::size).sum();
        MailboxInfo info = f.mailbox(a, "INBOX");
        assertEquals(new MailboxStatus(5, 5, 2, 2, size, 6, info.uidValidity(), info.highestModseq(), 3),
                f.store.mailboxes().status(a, box));
        f.store.messages().expungeDeleted(a, box, null);
        info = f.mailbox(a, "INBOX");
        long left = f.store.messages().list(a, box).stream().mapToLong(MessageView::size).sum();
        assertEquals(new MailboxStatus(3, 3, 1, 0, left, 6, info.uidValidity(), info.highestModseq(), 5),
                f.store.mailboxes().status(a, box));
    }

    @Test
    void highestModseqIsTheOneStatusReportsAndFollowsEveryChange() {
        Account a = f.withMessages("modseq@example.org", 2);
        long box = f.mailbox(a, "INBOX").id();
        long before = f.store.mailboxes().highestModseq(a, box);
        assertEquals(f.store.mailboxes().status(a, box).highestModseq(), before);
        f.store.messages().storeFlags(a, box, List.of(1L), Messages.FlagMode.ADD, Flags.of(List.of("\\Flagged")));
        assertEquals(before + 1, f.store.mailboxes().highestModseq(a, box));
        f.store.messages().remove(a, box, List.of(2L));
        assertEquals(before + 2, f.store.mailboxes().highestModseq(a, box));
        assertEquals(f.store.mailboxes().status(a, box).highestModseq(), f.store.mailboxes().highestModseq(a, box));
    }

    @Test
    void highestModseqOfAMissingMailboxIsNoSuchMailbox() {
        Account a = f.account("modseq-missing@example.org");
        StoreException e = assertThrows(StoreException.class, () -> f.store.mailboxes().highestModseq(a, Long.MAX_VALUE));
        assertEquals(StoreException.Reason.NO_SUCH_MAILBOX, e.reason());
    }

    @Test
    void claimRecentHandsEachNewMessageToOneClaimer() {
        Account a = f.withMessages("recent@example.org", 3);
        long box = f.mailbox(a, "INBOX").id();
        assertEquals(1, f.store.mailboxes().claimRecent(a, box), "the first claimer sees UIDs 1.. as \\Recent");
        assertEquals(0, f.store.mailboxes().status(a, box).recent());
        assertEquals(4, f.store.mailboxes().claimRecent(a, box), "nothing new: the next claim starts at UIDNEXT");
        f.append(a, "INBOX", StoreFixture.message("later", "x"));
        f.append(a, "INBOX", StoreFixture.message("later 2", "x"));
        assertEquals(2, f.store.mailboxes().status(a, box).recent());
        assertEquals(4, f.store.mailboxes().claimRecent(a, box));
        assertEquals(0, f.store.mailboxes().status(a, box).recent());
    }

    @Test
    void concurrentClaimersGetTheRecentMessagesExactlyOnce() throws Exception {
        Account a = f.withMessages("recent-race@example.org", 3);
        long box = f.mailbox(a, "INBOX").id();
        int claimers = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Long> results = Collections.synchronizedList(new ArrayList<>());
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < claimers; i++) {
                running.add(pool.submit(() -> {
                    start.await();
                    results.add(f.store.mailboxes().claimRecent(a, box));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> r : running) r.get();
        }
        List<Long> sorted = results.stream().sorted().toList();
        List<Long> expected = new ArrayList<>(List.of(1L));
        for (int i = 1; i < claimers; i++) expected.add(4L);
        assertEquals(expected, sorted, "one claimer gets UIDs 1..3, every other one gets none");
    }

    @Test
    void claimRecentWithNothingToClaimTakesNoLock() throws Exception {
        Account a = f.withMessages("recent-lock@example.org", 3);
        long box = f.mailbox(a, "INBOX").id();
        assertEquals(1, f.store.mailboxes().claimRecent(a, box));
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            try (Connection holder = lockMailboxRow(box)) {
                Future<Long> quiet = pool.submit(() -> f.store.mailboxes().claimRecent(a, box));
                assertEquals(4, quiet.get(LOCK_WAIT_SECONDS, TimeUnit.SECONDS), "a quiet mailbox does not queue behind the lock");
                holder.rollback();
            }
            f.append(a, "INBOX", StoreFixture.message("unclaimed", "x"));
            try (Connection holder = lockMailboxRow(box)) {
                Future<Long> claim = pool.submit(() -> f.store.mailboxes().claimRecent(a, box));
                assertThrows(TimeoutException.class, () -> claim.get(300, TimeUnit.MILLISECONDS), "a real claim waits for the lock");
                holder.rollback();
                assertEquals(4, claim.get(LOCK_WAIT_SECONDS, TimeUnit.SECONDS));
            }
        }
        assertEquals(5, f.store.mailboxes().claimRecent(a, box));
    }

    /** Another transaction holding the mailbox row lock, as a claim or an append does while it runs. */
    private static Connection lockMailboxRow(long mailboxId) throws SQLException {
        Connection c = f.dataSource.getConnection();
        c.setAutoCommit(false);
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM mailboxes WHERE mailbox_id = ? FOR UPDATE")) {
            s.setLong(1, mailboxId);
            s.executeQuery().close();
        }
        return c;
    }

    @Test
    void anotherAccountsMailboxDoesNotExist() {
        Account a = f.account("status-owner@example.org");
        Account b = f.account("status-other@example.org");
        long box = f.mailbox(a, "INBOX").id();
        assertEquals(StoreException.Reason.NO_SUCH_MAILBOX,
                assertThrows(StoreException.class, () -> f.store.mailboxes().status(b, box)).reason());
        assertEquals(StoreException.Reason.NO_SUCH_MAILBOX,
                assertThrows(StoreException.class, () -> f.store.mailboxes().claimRecent(b, box)).reason());
    }
}
