package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class MailboxSelectTest {
    private static final int LOCK_WAIT_SECONDS = 10;

    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    private static MailboxSnapshot select(Account a, String name) {
        return f.store.mailboxes().select(a, name, true).orElseThrow();
    }

    private static MailboxSnapshot examine(Account a, String name) {
        return f.store.mailboxes().select(a, name, false).orElseThrow();
    }

    @Test
    void snapshotHoldsWhatStatusAndTheListingSay() {
        Account a = f.withMessages("select-snapshot@example.org", 5);
        long box = f.mailbox(a, "INBOX").id();
        f.store.messages().storeFlags(a, box, List.of(1L, 2L, 4L), Messages.FlagMode.ADD, Flags.of(List.of("\\Seen")));
        f.store.messages().storeFlags(a, box, List.of(5L), Messages.FlagMode.ADD, Flags.of(List.of("$Work", "$Alpha")));
        f.store.messages().remove(a, box, List.of(2L));
        MailboxStatus status = f.store.mailboxes().status(a, box);
        MailboxSnapshot s = examine(a, "inbox");
        assertEquals(box, s.id());
        assertEquals("INBOX", s.name());
        assertEquals(status.uidValidity(), s.uidValidity());
        assertEquals(6, s.uidNext());
        assertEquals(status.highestModseq(), s.highestModseq());
        assertArrayEquals(new long[] {1, 3, 4, 5}, s.uids());
        assertEquals(3, s.firstUnseenUid());
        assertEquals(List.of("$Alpha", "$Work"), s.keywords());
    }

    @Test
    void mailboxWithoutHolesIsReadAsOneRangeEvenWhenItDoesNotStartAtOne() {
        Account a = f.withMessages("select-range@example.org", 6);
        long box = f.mailbox(a, "INBOX").id();
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6}, examine(a, "INBOX").uids());
        f.store.messages().remove(a, box, List.of(1L, 2L));
        f.store.messages().storeFlags(a, box, List.of(3L), Messages.FlagMode.ADD, Flags.of(List.of("\\Seen")));
        MailboxSnapshot s = examine(a, "INBOX");
        assertArrayEquals(new long[] {3, 4, 5, 6}, s.uids());
        assertEquals(4, s.firstUnseenUid());
        assertEquals(7, s.uidNext());
    }

    @Test
    void holesAnywhereAreKeptAndEachSingleUidIsListed() {
        Account a = f.withMessages("select-holes@example.org", 10);
        long box = f.mailbox(a, "INBOX").id();
        f.store.messages().remove(a, box, List.of(2L, 4L, 5L, 9L, 10L));
        assertArrayEquals(new long[] {1, 3, 6, 7, 8}, examine(a, "INBOX").uids());
        f.append(a, "INBOX", StoreFixture.message("after the holes", "x"));
        assertArrayEquals(new long[] {1, 3, 6, 7, 8, 11}, examine(a, "INBOX").uids());
        f.store.messages().remove(a, box, List.of(1L, 3L, 6L, 7L, 8L));
        MailboxSnapshot single = examine(a, "INBOX");
        assertArrayEquals(new long[] {11}, single.uids());
        assertEquals(11, single.firstUnseenUid());
        assertEquals(12, single.uidNext());
    }

    @Test
    void selectingAgainFromWhatTheSessionKnowsGivesWhatReadingEveryRowGives() {
        Account a = f.withMessages("select-again@example.org", 5);
        MailboxSnapshot first = select(a, "INBOX");
        KnownMailbox known = new KnownMailbox(first.id(), first.uidValidity(), first.highestModseq(), first.uids());
        f.store.messages().remove(a, first.id(), List.of(2L));
        f.store.messages().storeFlags(a, first.id(), List.of(1L), Messages.FlagMode.ADD, Flags.of(List.of("\\Seen", "$Later")));
        long added = f.append(a, "INBOX", StoreFixture.message("select again", "x")).uid();
        MailboxSnapshot again = f.store.mailboxes().select(a, "INBOX", true, known).orElseThrow();
        MailboxSnapshot read = examine(a, "INBOX");
        assertArrayEquals(new long[] {1, 3, 4, 5, added}, again.uids());
        assertArrayEquals(read.uids(), again.uids());
        assertEquals(List.of(read.firstUnseenUid(), read.keywords(), read.uidNext(), read.highestModseq()),
                List.of(again.firstUnseenUid(), again.keywords(), again.uidNext(), again.highestModseq()));
        assertEquals(3, again.firstUnseenUid());
        assertEquals(List.of("$Later"), again.keywords());
        assertEquals(List.of(added, added + 1), List.of(again.recentFrom(), again.recentTo()), "the arrival is claimed once");
    }

    /**
     * The known UIDs are used as they are, not read anew: a UID the session holds whose row vanished without an
     * expunged record (only a repair outside the store does that) stays until the mailbox is selected afresh.
     */
    @Test
    void theKnownUidsAreTakenOnlyForTheSameMailboxAndUidValidity() {
        Account a = f.withMessages("select-again-other@example.org", 2);
        MailboxSnapshot first = select(a, "INBOX");
        long[] withUnknown = {1, 2, 7};
        KnownMailbox known = new KnownMailbox(first.id(), first.uidValidity(), first.highestModseq(), withUnknown);
        assertArrayEquals(withUnknown, f.store.mailboxes().select(a, "INBOX", false, known).orElseThrow().uids());
        for (KnownMailbox other : List.of(new KnownMailbox(first.id() + 1000, first.uidValidity(), first.highestModseq(), withUnknown),
                new KnownMailbox(first.id(), first.uidValidity() + 1, first.highestModseq(), withUnknown),
                new KnownMailbox(first.id(), first.uidValidity(), first.highestModseq() + 1, withUnknown))) {
            assertArrayEquals(new long[] {1, 2}, f.store.mailboxes().select(a, "INBOX", false, other).orElseThrow().uids(), other.toString());
        }
    }

    @Test
    void aRowGoneWithoutAnExpungedRecordIsNotTakenForPartOfARange() throws SQLException {
        Account a = f.withMessages("select-lost-row@example.org", 5);
        long box = f.mailbox(a, "INBOX").id();
        try (Connection c = f.dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("DELETE FROM messages WHERE mailbox_id = ? AND uid = 3")) {
            s.setLong(1, box);
            assertEquals(1, s.executeUpdate());
        }
        assertArrayEquals(new long[] {1, 2, 4, 5}, examine(a, "INBOX").uids());
    }

    @Test
    void emptyMailboxHasNoUidsNoUnseenAndNothingRecent() {
        Account a = f.account("select-empty@example.org");
        MailboxSnapshot s = select(a, "Drafts");
        assertArrayEquals(new long[0], s.uids());
        assertEquals(0, s.firstUnseenUid());
        assertEquals(List.of(), s.keywords());
        assertEquals(1, s.uidNext());
        assertEquals(s.recentFrom(), s.recentTo());
    }

    @Test
    void missingMailboxIsEmpty() {
        Account a = f.account("select-missing@example.org");
        assertTrue(f.store.mailboxes().select(a, "Nowhere", true).isEmpty());
        assertTrue(f.store.mailboxes().select(a, "Nowhere", false).isEmpty());
    }

    @Test
    void selectClaimsEachNewMessageOnceAndExamineClaimsNothing() {
        Account a = f.withMessages("select-recent@example.org", 3);
        MailboxSnapshot examined = examine(a, "INBOX");
        assertEquals(List.of(1L, 4L), List.of(examined.recentFrom(), examined.recentTo()), "EXAMINE sees 1..3 as unclaimed");
        MailboxSnapshot first = select(a, "INBOX");
        assertEquals(List.of(1L, 4L), List.of(first.recentFrom(), first.recentTo()), "the first SELECT claims 1..3");
        MailboxSnapshot second = select(a, "INBOX");
        assertEquals(second.recentFrom(), second.recentTo(), "nothing left to claim");
        assertEquals(0, f.store.mailboxes().status(a, first.id()).recent());
        f.append(a, "INBOX", StoreFixture.message("later", "x"));
        f.append(a, "INBOX", StoreFixture.message("later 2", "x"));
        assertEquals(List.of(4L, 6L), List.of(examine(a, "INBOX").recentFrom(), examine(a, "INBOX").recentTo()));
        MailboxSnapshot third = select(a, "INBOX");
        assertEquals(List.of(4L, 6L), List.of(third.recentFrom(), third.recentTo()));
        assertEquals(0, f.store.mailboxes().status(a, first.id()).recent());
    }

    @Test
    void expungedNewMailIsNotClaimed() {
        Account a = f.withMessages("select-expunged-recent@example.org", 2);
        long box = select(a, "INBOX").id();
        AppendResult gone = f.append(a, "INBOX", StoreFixture.message("gone", "x"));
        f.store.messages().remove(a, box, List.of(gone.uid()));
        MailboxSnapshot s = select(a, "INBOX");
        assertEquals(s.recentFrom(), s.recentTo());
        assertEquals(4, s.uidNext(), "UIDNEXT still counts the expunged UID");
    }

    @Test
    void concurrentSelectsClaimTheNewMessagesExactlyOnce() throws Exception {
        Account a = f.withMessages("select-race@example.org", 3);
        int selectors = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<MailboxSnapshot> results = Collections.synchronizedList(new ArrayList<>());
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < selectors; i++) {
                running.add(pool.submit(() -> {
                    start.await();
                    results.add(select(a, "INBOX"));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> r : running) r.get();
        }
        List<Long> claimed = new ArrayList<>();
        for (MailboxSnapshot s : results) for (long uid = s.recentFrom(); uid < s.recentTo(); uid++) claimed.add(uid);
        Collections.sort(claimed);
        assertEquals(List.of(1L, 2L, 3L), claimed, "each new UID goes to exactly one session");
    }

    @Test
    void selectOfAMailboxWithoutNewMailTakesNoLock() throws Exception {
        Account a = f.withMessages("select-lock@example.org", 3);
        long box = select(a, "INBOX").id();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            try (Connection holder = lockMailboxRow(box)) {
                Future<MailboxSnapshot> quiet = pool.submit(() -> select(a, "INBOX"));
                MailboxSnapshot s = quiet.get(LOCK_WAIT_SECONDS, TimeUnit.SECONDS);
                assertEquals(s.recentFrom(), s.recentTo(), "a quiet mailbox does not queue behind the lock");
                holder.rollback();
            }
            f.append(a, "INBOX", StoreFixture.message("unclaimed", "x"));
            try (Connection holder = lockMailboxRow(box)) {
                Future<MailboxSnapshot> claim = pool.submit(() -> select(a, "INBOX"));
                assertThrows(TimeoutException.class, () -> claim.get(300, TimeUnit.MILLISECONDS), "a real claim waits for the lock");
                holder.rollback();
                MailboxSnapshot s = claim.get(LOCK_WAIT_SECONDS, TimeUnit.SECONDS);
                assertEquals(List.of(4L, 5L), List.of(s.recentFrom(), s.recentTo()));
            }
        }
    }

    @Test
    void anotherAccountsMailboxIsNotSelected() {
        Account owner = f.account("select-owner@example.org");
        Account other = f.account("select-other@example.org");
        f.store.mailboxes().create(owner, "Private");
        assertTrue(f.store.mailboxes().select(owner, "Private", true).isPresent());
        assertTrue(f.store.mailboxes().select(other, "Private", true).isEmpty());
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
}
