package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.sql.ResultSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailstore.schema.testing.LogCapture;

class MessagesTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    @Test
    void storeFlagsReplacesAddsAndRemovesAndOnlyChangesBumpModseq() {
        Account a = f.withMessages("flags@example.org", 3);
        long box = f.mailbox(a, "INBOX").id();
        long before = f.mailbox(a, "INBOX").highestModseq();
        List<MessageView> changed = f.store.messages().storeFlags(a, box, List.of(1L, 2L), Messages.FlagMode.ADD,
                Flags.of(List.of("\\seen", "$Label1")));
        assertEquals(List.of(1L, 2L), changed.stream().map(MessageView::uid).toList());
        long after = f.mailbox(a, "INBOX").highestModseq();
        assertEquals(before + 1, after, "one STORE, one MODSEQ");
        assertTrue(changed.stream().allMatch(v -> v.modseq() == after));
        assertEquals(List.of("\\Seen", "$Label1"), changed.getFirst().flags().names());

        assertEquals(List.of(), f.store.messages().storeFlags(a, box, List.of(1L, 2L), Messages.FlagMode.ADD, Flags.of(List.of("\\Seen"))));
        assertEquals(after, f.mailbox(a, "INBOX").highestModseq(), "a STORE that changes nothing uses no MODSEQ");

        f.store.messages().storeFlags(a, box, List.of(1L), Messages.FlagMode.REMOVE, Flags.of(List.of("$Label1")));
        f.store.messages().storeFlags(a, box, List.of(3L), Messages.FlagMode.REPLACE, Flags.of(List.of("\\Flagged", "b", "a")));
        List<MessageView> all = f.store.messages().list(a, box);
        assertEquals(List.of("\\Seen"), all.get(0).flags().names());
        assertEquals(List.of("\\Seen", "$Label1"), all.get(1).flags().names());
        assertEquals(List.of("\\Flagged", "a", "b"), all.get(2).flags().names());
        assertEquals(2, f.mailbox(a, "INBOX").messages() - f.mailbox(a, "INBOX").unseen());
        assertThrows(StoreException.class, () -> Flags.of(List.of("\\Recent")));
        assertThrows(StoreException.class, () -> Flags.of(List.of("bad keyword")));
    }

    /** A +FLAGS or -FLAGS without keywords is a statement without the keyword columns; REPLACE still sets them. */
    @Test
    void storeWithoutKeywordsKeepsThoseSetAndReplaceClearsThem() {
        Account a = f.withMessages("flags-no-keywords@example.org", 2);
        long box = f.mailbox(a, "INBOX").id();
        Messages m = f.store.messages();
        m.storeFlags(a, box, List.of(1L, 2L), Messages.FlagMode.ADD, Flags.of(List.of("$Work", "Zeta")));
        assertEquals(List.of(1L, 2L), m.storeFlags(a, box, List.of(1L, 2L), Messages.FlagMode.ADD, Flags.of(List.of("\\Flagged")))
                .stream().map(MessageView::uid).toList());
        assertEquals(List.of(), m.storeFlags(a, box, List.of(1L, 2L), Messages.FlagMode.ADD, Flags.of(List.of("\\Flagged"))),
                "nothing changes, nothing is reported");
        m.storeFlags(a, box, List.of(2L), Messages.FlagMode.REMOVE, Flags.of(List.of("\\Flagged")));
        m.storeFlags(a, box, List.of(1L), Messages.FlagMode.REPLACE, Flags.of(List.of("\\Seen")));
        List<MessageView> all = m.list(a, box);
        assertEquals(List.of("\\Seen"), all.get(0).flags().names(), "REPLACE without keywords clears them");
        assertEquals(List.of("$Work", "Zeta"), all.get(1).flags().names(), "+FLAGS and -FLAGS without keywords keep them");
    }

    /**
     * STORE is one statement that locks the mailbox row before it updates messages: concurrent STOREs to one mailbox
     * each take a MODSEQ of their own, above every one committed before, and HIGHESTMODSEQ ends at the last.
     */
    @Test
    void concurrentStoresToOneMailboxEachTakeTheirOwnModseq() throws Exception {
        int threads = 6, rounds = 25;
        Account a = f.withMessages("flags-concurrent@example.org", threads);
        long box = f.mailbox(a, "INBOX").id();
        long before = f.mailbox(a, "INBOX").highestModseq();
        List<java.util.concurrent.Future<List<Long>>> taken = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                long uid = t + 1;
                taken.add(pool.submit(() -> {
                    List<Long> modseqs = new java.util.ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        Messages.FlagMode mode = r % 2 == 0 ? Messages.FlagMode.ADD : Messages.FlagMode.REMOVE;
                        List<MessageView> changed = f.store.messages().storeFlags(a, box, List.of(uid), mode, Flags.of(List.of("\\Flagged")));
                        assertEquals(1, changed.size(), "every toggle changes its message");
                        modseqs.add(changed.getFirst().modseq());
                    }
                    return modseqs;
                }));
            }
        }
        Set<Long> all = new java.util.HashSet<>();
        for (var future : taken) {
            List<Long> mine = future.get();
            for (int i = 1; i < mine.size(); i++) assertTrue(mine.get(i) > mine.get(i - 1), "one session's STOREs ascend: " + mine);
            all.addAll(mine);
        }
        assertEquals(threads * rounds, all.size(), "no two STOREs share a MODSEQ");
        assertEquals(before + threads * rounds, f.mailbox(a, "INBOX").highestModseq());
        assertEquals(java.util.Collections.max(all), f.mailbox(a, "INBOX").highestModseq());
    }

    @Test
    void storeToAMailboxThatIsGoneIsNoSuchMailbox() {
        Account a = f.withMessages("flags-gone@example.org", 1);
        long gone = deletedMailbox(a);
        StoreException e = assertThrows(StoreException.class,
                () -> f.store.messages().storeFlags(a, gone, List.of(1L), Messages.FlagMode.ADD, Flags.of(List.of("\\Seen"))));
        assertEquals(StoreException.Reason.NO_SUCH_MAILBOX, e.reason());
    }

    @Test
    void keywordsAreTheDistinctOnesInUseInTheMailboxUpToTheLimit() {
        Account a = f.withMessages("keywords@example.org", 3);
        long box = f.mailbox(a, "INBOX").id();
        assertEquals(List.of(), f.store.messages().keywords(a, box, Flags.MAX_KEYWORDS));
        f.store.messages().storeFlags(a, box, List.of(1L, 2L), Messages.FlagMode.ADD, Flags.of(List.of("\\Seen", "$Work", "Zeta")));
        f.store.messages().storeFlags(a, box, List.of(3L), Messages.FlagMode.ADD, Flags.of(List.of("$Work", "$Label1")));
        f.store.mailboxes().create(a, "Other");
        f.append(a, "Other", StoreFixture.message("elsewhere", "body"));
        long other = f.mailbox(a, "Other").id();
        f.store.messages().storeFlags(a, other, List.of(1L), Messages.FlagMode.ADD, Flags.of(List.of("OtherBox")));
        assertEquals(List.of("$Label1", "$Work", "Zeta"), f.store.messages().keywords(a, box, Flags.MAX_KEYWORDS));
        assertEquals(List.of("$Label1", "$Work"), f.store.messages().keywords(a, box, 2));
        f.store.messages().storeFlags(a, box, List.of(1L, 2L), Messages.FlagMode.REMOVE, Flags.of(List.of("Zeta")));
        assertEquals(List.of("$Label1", "$Work"), f.store.messages().keywords(a, box, Flags.MAX_KEYWORDS));
    }

    @Test
    void expungeRemovesOnlyDeletedMessagesLogsThemAndCreditsQuota() throws Exception {
        Account a = f.withMessages("expunge@example.org", 4);
        long box = f.mailbox(a, "INBOX").id();
        long usedBefore = f.store.accounts().quota(a).storageUsed();
        long size3 = f.store.messages().list(a, box, 3, 3).getFirst().size();
        f.store.messages().storeFlags(a, box, List.of(1L, 3L), Messages.FlagMode.ADD, Flags.of(List.of("\\Deleted")));
        assertEquals(List.of(3L), f.store.messages().expungeDeleted(a, box, List.of(2L, 3L, 4L)), "UID EXPUNGE limits to the set");
        assertEquals(List.of(1L), f.store.messages().expungeDeleted(a, box, null));
        assertEquals(List.of(2L, 4L), f.store.messages().list(a, box).stream().map(MessageView::uid).toList());
        assertEquals(usedBefore - size3 - f.store.messages().list(a, box).getFirst().size(), f.store.accounts().quota(a).storageUsed());
        assertEquals(List.of(), f.store.messages().expungeDeleted(a, box, null));
        try (var c = f.db.connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT uid, modseq FROM expunged WHERE mailbox_id = " + box + " ORDER BY uid")) {
            rs.next();
            long modseq1 = rs.getLong(2);
            assertEquals(1, rs.getLong(1));
            rs.next();
            assertEquals(3, rs.getLong(1));
            assertTrue(modseq1 > rs.getLong(2), "the later expunge has the higher MODSEQ");
            assertEquals(modseq1, f.mailbox(a, "INBOX").highestModseq());
        }
        assertEquals(List.of(2L), f.store.messages().remove(a, box, List.of(2L)), "POP3 removal ignores \\Deleted");
    }

    /**
     * EXPUNGE is one statement that takes the quota row lock before the mailbox row lock, the order APPEND takes them
     * in: appends and expunges racing in one account neither deadlock nor lose track of the usage.
     */
    @Test
    void concurrentAppendsAndExpungesKeepTheQuotaExact() throws Exception {
        Account a = f.account("expunge-race@example.org");
        f.store.mailboxes().create(a, "Other");
        int threads = 4, rounds = 15;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = t % 2 == 0 ? "INBOX" : "Other";
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        AppendResult kept = f.append(a, name, StoreFixture.message("kept " + thread + " " + r, "body"));
                        AppendResult went = f.append(a, name, StoreFixture.message("gone " + thread + " " + r, "longer body " + r));
                        long box = kept.mailboxId();
                        f.store.messages().storeFlags(a, box, List.of(went.uid()), Messages.FlagMode.ADD, Flags.of(List.of("\\Deleted")));
                        assertEquals(List.of(went.uid()), f.store.messages().expungeDeleted(a, box, List.of(went.uid(), kept.uid())));
                    }
                    return null;
                }));
            }
            for (var d : done) d.get();
        }
        long bytes = 0, count = 0;
        for (String name : List.of("INBOX", "Other")) {
            List<MessageView> left = f.store.messages().list(a, f.mailbox(a, name).id());
            count += left.size();
            bytes += left.stream().mapToLong(MessageView::size).sum();
        }
        assertEquals((long) threads * rounds, count);
        Quota q = f.store.accounts().quota(a);
        assertEquals(bytes, q.storageUsed());
        assertEquals(count, q.messagesUsed());
    }

    /** The id a mailbox "Gone" had, with a message in it, before it was deleted. */
    private static long deletedMailbox(Account a) {
        f.store.mailboxes().create(a, "Gone");
        f.append(a, "Gone", StoreFixture.message("soon gone", "body"));
        long gone = f.mailbox(a, "Gone").id();
        f.store.mailboxes().delete(a, "Gone");
        return gone;
    }

    @Test
    void expungeInAMailboxThatIsGoneIsNoSuchMailbox() {
        Account a = f.withMessages("expunge-gone@example.org", 1);
        long gone = deletedMailbox(a);
        StoreException e = assertThrows(StoreException.class, () -> f.store.messages().expunge(a, gone, null));
        assertEquals(StoreException.Reason.NO_SUCH_MAILBOX, e.reason());
        assertEquals(1, f.store.accounts().quota(a).messagesUsed(), "the INBOX's message is still counted");
    }

    @Test
    void copyMakesNewUidsOnTheSameBlobAndChargesQuota() throws Exception {
        Account a = f.withMessages("copy@example.org", 3);
        long inbox = f.mailbox(a, "INBOX").id();
        long archive = f.mailbox(a, "Archive").id();
        long blobs = f.blobFiles();
        Set<String> hashes = Set.copyOf(f.store.messages().list(a, inbox).stream().map(MessageView::blobHash).toList());
        CopyResult r = f.store.messages().copy(a, inbox, List.of(3L, 1L, 99L), archive);
        assertEquals(List.of(1L, 3L), r.sourceUids());
        assertEquals(List.of(1L, 2L), r.destinationUids());
        assertEquals(f.mailbox(a, "Archive").uidValidity(), r.destinationUidValidity());
        assertEquals(blobs, f.blobFiles(), "a copy shares the blob");
        assertTrue(f.store.messages().list(a, archive).stream().allMatch(v -> hashes.contains(v.blobHash())));
        assertEquals(5, f.store.accounts().quota(a).messagesUsed());
        assertEquals(3, f.mailbox(a, "INBOX").messages());
    }

    @Test
    void moveExpungesTheSourceAndLeavesQuotaUnchanged() {
        Account a = f.withMessages("move@example.org", 3);
        long inbox = f.mailbox(a, "INBOX").id();
        long trash = f.mailbox(a, "Trash").id();
        f.store.accounts().setQuota(a, null, 3L);
        CopyResult r = f.store.messages().move(a, inbox, List.of(2L, 3L), trash);
        assertEquals(List.of(2L, 3L), r.sourceUids());
        assertEquals(List.of(1L, 2L), r.destinationUids());
        assertEquals(List.of(1L), f.store.messages().list(a, inbox).stream().map(MessageView::uid).toList());
        assertEquals(2, f.mailbox(a, "Trash").messages());
        assertEquals(3, f.store.accounts().quota(a).messagesUsed(), "a move at the limit still works and uses nothing");
        assertEquals(StoreException.Reason.OVER_QUOTA,
                assertThrows(StoreException.class, () -> f.store.messages().copy(a, inbox, List.of(1L), trash)).reason());
    }

    /** APPEND charges, allocates and inserts in one statement: a refused charge allocates nothing. */
    @Test
    void appendOverQuotaTakesNoUidAndAMailboxOutOfUidsChargesNothing() throws Exception {
        Account a = f.withMessages("append-row@example.org", 1);
        MailboxInfo before = f.mailbox(a, "INBOX");
        f.store.accounts().setQuota(a, null, 1L);
        StoreException over = assertThrows(StoreException.class, () -> f.append(a, "INBOX", StoreFixture.message("two", "body")));
        assertEquals(StoreException.Reason.OVER_QUOTA, over.reason());
        assertEquals(before.uidNext(), f.mailbox(a, "INBOX").uidNext(), "a refused message takes no UID");
        assertEquals(before.highestModseq(), f.mailbox(a, "INBOX").highestModseq());

        f.store.accounts().setQuota(a, null, null);
        try (var c = f.db.connect()) {
            c.createStatement().executeUpdate("UPDATE mailboxes SET uidnext = " + (UidAllocator.MAX_UID + 1) + " WHERE mailbox_id = " + before.id());
        }
        long usedBefore = f.store.accounts().quota(a).storageUsed();
        StoreException full = assertThrows(StoreException.class, () -> f.append(a, "INBOX", StoreFixture.message("three", "body")));
        assertEquals(StoreException.Reason.NOT_ALLOWED, full.reason(), full.getMessage());
        assertEquals(usedBefore, f.store.accounts().quota(a).storageUsed(), "the charge rolls back with the refused allocation");
        assertEquals(1, f.store.accounts().quota(a).messagesUsed());

        try (var c = f.db.connect()) {
            c.createStatement().executeUpdate("UPDATE mailboxes SET uidnext = " + UidAllocator.MAX_UID + " WHERE mailbox_id = " + before.id());
        }
        AppendResult last = f.append(a, "INBOX", StoreFixture.message("four", "body"));
        assertEquals(UidAllocator.MAX_UID, last.uid(), "the last UID an IMAP client can hold is still handed out");
        assertEquals(2, f.store.accounts().quota(a).messagesUsed());
    }

    @Test
    void metadataComesFromTheDatabase() {
        Account a = f.withMessages("meta@example.org", 1);
        MessageView v = f.store.messages().list(a, f.mailbox(a, "INBOX").id()).getFirst();
        BlobMetadata m = f.store.messages().metadata(v.blobHash());
        assertEquals(v.size(), m.size());
        assertTrue(m.envelope().contains("\"meta@example.org 1\""), m.envelope());
        assertTrue(m.bodyStructure().startsWith("(\"text\" \"plain\""), m.bodyStructure());
        assertTrue(new String(m.header(), java.nio.charset.StandardCharsets.US_ASCII).endsWith("\r\n\r\n"));
    }

    @Test
    void appendOfBytesStoredBeforeWithoutARowDescribesThemThen() throws Exception {
        Account a = f.account("orphan-append@example.org");
        String message = StoreFixture.message("stored before", "an orphan's bytes");
        try (var blobs = new org.mailstore.blobstore.FileBlobStore(f.blobDir, 2)) {
            assertTrue(blobs.put(new java.io.ByteArrayInputStream(message.getBytes(java.nio.charset.StandardCharsets.UTF_8))).created());
        }
        AppendResult r = f.append(a, "INBOX", message);
        BlobMetadata m = f.store.messages().metadata(r.blobHash());
        assertTrue(m.envelope().contains("\"stored before\""), m.envelope());
        AppendResult again = f.append(a, "INBOX", message);
        assertEquals(r.blobHash(), again.blobHash());
        assertEquals(List.of(r.uid(), again.uid()), f.store.messages().list(a, r.mailboxId()).stream().map(MessageView::uid).toList());
    }

    @Test
    void appendToAMissingMailboxIsNoSuchMailboxAndAddsNoRow() {
        Account a = f.account("append-missing@example.org");
        StoreException e = assertThrows(StoreException.class, () -> f.append(a, "Nowhere", StoreFixture.message("lost", "x")));
        assertEquals(StoreException.Reason.NO_SUCH_MAILBOX, e.reason());
        assertEquals(0, f.store.accounts().quota(a).messagesUsed());
    }

    @Test
    void expungeSaysWhichModseqItTookAndNoneWhenNothingWasDeleted() {
        Account a = f.withMessages("expunge-modseq@example.org", 3);
        long box = f.mailbox(a, "INBOX").id();
        assertEquals(new ExpungeResult(List.of(), 0), f.store.messages().expunge(a, box, null), "nothing flagged \\Deleted");
        f.store.messages().storeFlags(a, box, List.of(1L, 3L), Messages.FlagMode.ADD, Flags.of(List.of("\\Deleted")));
        long before = f.store.mailboxes().highestModseq(a, box);
        assertEquals(new ExpungeResult(List.of(1L, 3L), before + 1), f.store.messages().expunge(a, box, null));
        assertEquals(before + 1, f.store.mailboxes().highestModseq(a, box));
    }

    @Test
    void changesReadsTheModseqThenWhatChangedAndWasExpungedAboveTheKnownOne() {
        Account a = f.withMessages("changes@example.org", 3);
        long box = f.mailbox(a, "INBOX").id();
        long known = f.store.mailboxes().highestModseq(a, box);
        MailboxChanges quiet = f.store.messages().changes(a, box, known, true);
        assertEquals(known, quiet.highestModseq());
        assertEquals(List.of(), quiet.changed());
        assertEquals(0, quiet.expunged().length);
        f.store.messages().storeFlags(a, box, List.of(2L), Messages.FlagMode.ADD, Flags.of(List.of("\\Seen")));
        f.store.messages().remove(a, box, List.of(3L));
        AppendResult added = f.append(a, "INBOX", StoreFixture.message("changes new", "x"));
        MailboxChanges m = f.store.messages().changes(a, box, known, true);
        assertEquals(added.modseq(), m.highestModseq());
        assertEquals(List.of(2L, added.uid()), m.changed().stream().map(MessageView::uid).toList());
        assertTrue(m.changed().getFirst().flags().seen());
        assertEquals(List.of(3L), java.util.Arrays.stream(m.expunged()).boxed().toList());
        assertEquals(0, f.store.messages().changes(a, box, known, false).expunged().length, "expunges only when asked");
        assertEquals(StoreException.Reason.NO_SUCH_MAILBOX,
                assertThrows(StoreException.class, () -> f.store.messages().changes(a, Long.MAX_VALUE, 0, true)).reason());
    }

    @Test
    void uidsWithFlagsFiltersOnSystemFlagsInTheDatabase() {
        Account a = f.withMessages("flag-filter@example.org", 4);
        long box = f.mailbox(a, "INBOX").id();
        f.store.messages().storeFlags(a, box, List.of(1L, 2L), Messages.FlagMode.ADD, Flags.of(List.of("\\Flagged")));
        f.store.messages().storeFlags(a, box, List.of(2L, 3L), Messages.FlagMode.ADD, Flags.of(List.of("\\Seen", "$Work")));
        Flags flagged = Flags.of(List.of("\\Flagged")), seen = Flags.of(List.of("\\Seen"));
        assertEquals(List.of(1L, 2L), uids(f.store.messages().uidsWithFlags(a, box, flagged, Flags.NONE)));
        assertEquals(List.of(1L), uids(f.store.messages().uidsWithFlags(a, box, flagged, seen)));
        assertEquals(List.of(1L, 4L), uids(f.store.messages().uidsWithFlags(a, box, Flags.NONE, seen)));
        assertEquals(List.of(), uids(f.store.messages().uidsWithFlags(a, box, flagged, flagged)));
        assertEquals(List.of(1L, 2L, 3L, 4L), uids(f.store.messages().uidsWithFlags(a, box, Flags.NONE, Flags.NONE)));
        assertEquals(List.of(), uids(f.store.messages().uidsWithFlags(f.account("flag-filter-other@example.org"), box, Flags.NONE, Flags.NONE)));
        for (long known : List.of(4L, Messages.UID_CURSOR_ROWS + 1L)) {
            assertEquals(List.of(1L), uids(f.store.messages().candidateUids(a, box, flagged, seen, List.of(), List.of(), known)),
                    "read in one statement or through a cursor, for a mailbox known to hold " + known);
        }
    }

    /** As for FETCH's small batches (MessageFetchTest): a SEARCH read in one statement sets no fetch size for jOOQ to log. */
    @Test
    void candidatesReadInOneStatementAskForNoCursor() {
        Account a = f.withMessages("candidates-autocommit@example.org", 2);
        long box = f.mailbox(a, "INBOX").id();
        // The test logging configuration quiets jOOQ to WARN.
        try (LogCapture jooq = LogCapture.of("org.jooq", Level.INFO)) {
            assertEquals(List.of(1L, 2L), uids(f.store.messages().candidateUids(a, box, Flags.NONE, Flags.NONE, List.of(), List.of(), 2)));
            assertEquals(List.of(), jooq.messages().stream().filter(m -> m.contains("auto-commit")).toList());
        }
    }

    private static List<Long> uids(long[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}
