package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.FileBlobStore;
import org.mailstore.store.Account;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.MessageView;
import org.mailstore.store.journal.Journal;
import org.mailstore.store.journal.JournalRecord;
import org.mailstore.store.maintenance.MailboxRepairs;

/**
 * One test per finding kind the scenarios do not already produce, each on its own site with
 * journal records written as the store (or a transaction that later rolled back) would have.
 */
class FindingKindsTest {
    @TempDir
    Path base;
    Site site;

    @BeforeEach
    void start() throws Exception {
        site = Site.fresh(base);
    }

    @AfterEach
    void stop() throws Exception {
        site.close();
    }

    @Test
    void anAccountWhoseInboxTheJournalDeletedIsDeleted() throws Exception {
        Account carol = site.account("carol@example.org");
        site.deliver(Site.message("c", "x"), carol.address());
        List<JournalRecord> deletions = new ArrayList<>();
        for (MailboxInfo m : site.store().mailboxes().list(carol)) {
            deletions.add(new JournalRecord.MailboxDeleted(Instant.now(), carol.id(), carol.address(), m.id(), m.name()));
        }
        journal(deletions.toArray(JournalRecord[]::new));

        ReconcileResult r = site.reconcile(ReconcileOptions.repairing());

        assertEquals(Map.of(FindingKind.ACCOUNT_DELETED, 1L), r.counts());
        assertTrue(site.store().accounts().find(carol.address()).isEmpty());
        assertEquals(0, site.reconcile(ReconcileOptions.checking()).exitCode());
    }

    @Test
    void aRenameTheDatabaseMissedIsAppliedANameTheJournalNeverUsedWins() throws Exception {
        Account dan = site.account("dan@example.org");
        MailboxInfo work = site.store().mailboxes().create(dan, "Work");
        MailboxInfo notes = site.store().mailboxes().create(dan, "Notes");
        new MailboxRepairs(site.dataSource()).renameMailbox(dan.id(), notes.id(), "Notes 2025");
        journal(new JournalRecord.MailboxRenamed(Instant.now(), dan.id(), dan.address(), work.id(), "Work", "Play"));

        ReconcileResult r = site.reconcile(ReconcileOptions.repairing());

        assertEquals(Map.of(FindingKind.MAILBOX_RENAMED, 1L), r.counts());
        assertEquals(work.uidValidity(), site.mailbox(dan.address(), "Play").uidValidity());
        assertEquals(notes.uidValidity(), site.mailbox(dan.address(), "Notes 2025").uidValidity(), "the database's newer name stays");
    }

    @Test
    void aRenameOntoATakenNameNeedsAnOperator() throws Exception {
        Account eve = site.account("eve@example.org");
        MailboxInfo work = site.store().mailboxes().create(eve, "Work");
        journal(new JournalRecord.MailboxRenamed(Instant.now(), eve.id(), eve.address(), work.id(), "Work", "Sent"));

        ReconcileResult r = site.reconcile(ReconcileOptions.repairing());

        assertEquals(Map.of(FindingKind.MAILBOX_NAME_TAKEN, 1L), r.counts());
        assertEquals(1, r.exitCode());
        assertEquals(work.uidValidity(), site.mailbox(eve.address(), "Work").uidValidity());
    }

    @Test
    void aJournalMailboxBelowTheDatabasesUidValidityFloorIsNotRecreated() throws Exception {
        Account fay = site.account("fay@example.org");
        long old = site.mailbox(fay.address(), "INBOX").uidValidity() - 100;
        String blob = site.deliver(Site.message("f", "x"), fay.address()).getFirst().blobHash();
        journal(new JournalRecord.MailboxCreated(Instant.now(), fay.id(), fay.address(), 99_999, "Ghost", old),
                appended(fay, 99_999, "Ghost", old, 1, 1, blob));

        ReconcileResult r = site.reconcile(ReconcileOptions.repairing());

        assertEquals(Map.of(FindingKind.MAILBOX_SUPERSEDED, 1L), r.counts());
        assertEquals(0, r.exitCode());
        assertTrue(site.store().mailboxes().find(fay, "Ghost").isEmpty());
    }

    @Test
    void aDeletionContradictedByLaterMailIsIgnored() throws Exception {
        Account gus = site.account("gus@example.org");
        MailboxInfo work = site.store().mailboxes().create(gus, "Work");
        Instant deleted = Instant.now();
        Thread.sleep(20);
        site.deliverInto(Site.message("g", "after the deletion that rolled back"), gus.address(), "Work");
        journal(new JournalRecord.MailboxDeleted(deleted, gus.id(), gus.address(), work.id(), "Work"));

        ReconcileResult r = site.reconcile(ReconcileOptions.repairing());

        assertEquals(Map.of(FindingKind.MAILBOX_DELETION_IGNORED, 1L), r.counts());
        assertEquals(1, site.messages(gus.address(), "Work").size());
    }

    @Test
    void aUidValidityTheJournalShowsHandedOutRaisesTheFloor() throws Exception {
        Account hal = site.account("hal@example.org");
        long ahead = site.mailbox(hal.address(), "Archive").uidValidity() + 1_000;
        journal(new JournalRecord.MailboxCreated(Instant.now(), hal.id(), hal.address(), 88_888, "Brief", ahead),
                new JournalRecord.MailboxDeleted(Instant.now().plusMillis(1), hal.id(), hal.address(), 88_888, "Brief"));

        ReconcileResult r = site.reconcile(ReconcileOptions.repairing());

        assertEquals(Map.of(FindingKind.UIDVALIDITY_FLOOR_RAISED, 1L), r.counts());
        assertTrue(site.store().mailboxes().create(hal, "Next").uidValidity() > ahead);
    }

    @Test
    void anExpungeTheDatabaseHasSeenPastIsNotHonoured() throws Exception {
        Account ida = site.account("ida@example.org");
        site.deliver(Site.message("i", "x"), ida.address());
        MailboxInfo inbox = site.mailbox(ida.address(), "INBOX");
        journal(new JournalRecord.MessagesExpunged(Instant.now(), ida.id(), ida.address(), inbox.id(), inbox.uidValidity(),
                inbox.highestModseq(), new long[] {1}));

        ReconcileResult r = site.reconcile(ReconcileOptions.repairing());

        assertEquals(Map.of(FindingKind.EXPUNGE_NOT_HONOURED, 1L), r.counts());
        assertEquals(List.of(1L), site.messages(ida.address(), "INBOX").stream().map(MessageView::uid).toList());
    }

    @Test
    void aJournalMessageWithoutItsBlobStaysInTheJournalButItsUidIsUsedUp() throws Exception {
        Account jo = site.account("jo@example.org");
        MailboxInfo inbox = site.mailbox(jo.address(), "INBOX");
        String nowhere = "00".repeat(32);
        journal(appended(jo, inbox.id(), "INBOX", inbox.uidValidity(), 5, inbox.highestModseq() + 4, nowhere));

        ReconcileResult r = site.reconcile(ReconcileOptions.repairing());

        assertEquals(new TreeMap<>(Map.of(FindingKind.JOURNAL_BLOB_MISSING, 1L, FindingKind.UIDNEXT_RAISED, 1L,
                FindingKind.HIGHESTMODSEQ_RAISED, 1L)), new TreeMap<>(r.counts()));
        assertEquals(1, r.exitCode(), "the message cannot come back until its blob is restored");
        MailboxInfo after = site.mailbox(jo.address(), "INBOX");
        assertEquals(6, after.uidNext(), "UID 5 was handed out; it is never given again");
        assertEquals(inbox.highestModseq() + 4, after.highestModseq());
        assertEquals(List.of(), site.messages(jo.address(), "INBOX"));
    }

    @Test
    void aBlobNothingReferencesIsAnOrphanLeftForGc() throws Exception {
        String orphan = new FileBlobStore(site.blobDir, 2).put(new ByteArrayInputStream("stray".getBytes(StandardCharsets.US_ASCII))).id().hex();
        Path report = base.resolve("orphans.json");

        ReconcileResult r = site.reconcile(ReconcileOptions.repairing().withReport(report));

        assertEquals(Map.of(FindingKind.ORPHAN_BLOB, 1L), r.counts());
        assertEquals(0, r.exitCode());
        assertTrue(java.nio.file.Files.readString(report).contains("{\"kind\":\"orphan-blob\",\"status\":\"info\",\"blob\":\"" + orphan
                + "\",\"hasRow\":false,"));
    }

    private void journal(JournalRecord... records) throws Exception {
        try (Journal j = Journal.open(site.journalDir, "crafted")) {
            j.append(List.of(records));
        }
    }

    private static JournalRecord.MessageAppended appended(Account a, long mailboxId, String name, long uidValidity, long uid, long modseq,
                                                          String blobHex) {
        return new JournalRecord.MessageAppended(Instant.now(), a.id(), a.address(), mailboxId, name, uidValidity, uid, modseq,
                java.util.HexFormat.of().parseHex(blobHex), Instant.parse("2026-11-25T10:00:00Z"), 100, List.of());
    }
}
