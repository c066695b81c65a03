package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.MessageView;
import org.mailstore.store.maintenance.MailboxContents;

/**
 * Scenario (a): the database comes back from a backup older than the blob tree and the journal.
 * Everything delivered, expunged, created and renamed after the backup must come back as clients
 * saw it: original UIDVALIDITY, UIDs and internal dates; nothing expunged returns; counters end
 * above everything handed out. Checked through the store API (IMAP does not exist yet: the store
 * API is what IMAP will serve from).
 */
class DatabaseOlderThanJournalTest {
    @TempDir
    Path base;

    @Test
    void deliveriesAfterTheBackupComeBackWithTheirOriginalUids() throws Exception {
        try (Site live = Site.fresh(base)) {
            live.account("alice@example.org");
            live.account("bob@example.org");
            live.deliver(Site.message("m1", "to both"), "alice@example.org", "bob@example.org");
            live.deliver(Site.message("m2", "alice only"), "alice@example.org");
            live.store().mailboxes().create(live.get("alice@example.org"), "Old");
            Site.Pieces backup = live.snapshot(base);

            live.deliver(Site.message("m3", "after the backup"), "alice@example.org");
            live.deliver(Site.message("m4", "bob after"), "bob@example.org");
            live.store().mailboxes().create(live.get("alice@example.org"), "Projects");
            live.deliverInto(Site.message("m5", "into projects"), "alice@example.org", "Projects");
            live.store().mailboxes().rename(live.get("alice@example.org"), "Projects", "Work");
            live.store().mailboxes().delete(live.get("alice@example.org"), "Old");
            live.expunge("alice@example.org", "INBOX", 1);
            live.flag("alice@example.org", "INBOX", 2, "\\Seen");
            MailboxInfo inbox = live.mailbox("alice@example.org", "INBOX");
            MailboxInfo work = live.mailbox("alice@example.org", "Work");
            List<MessageView> aliceInbox = live.messages("alice@example.org", "INBOX");
            List<MessageView> bobInbox = live.messages("bob@example.org", "INBOX");
            List<MessageView> aliceWork = live.messages("alice@example.org", "Work");
            Site.Pieces now = live.snapshot(base);

            try (Site restored = Site.assemble(base, backup.db(), now.blobDir(), now.journalDir())) {
                String beforeCheck = restored.fingerprint();
                List<String> segments = Site.segments(restored.journalDir);
                ReconcileResult check = restored.reconcile(ReconcileOptions.checking());
                assertEquals(1, check.exitCode());
                assertEquals(beforeCheck, restored.fingerprint(), "a check changes nothing");
                assertEquals(segments, Site.segments(restored.journalDir), "a check writes no journal segment");
                assertEquals(3, check.count(FindingKind.MESSAGE_REPLAYED), check.counts().toString());

                ReconcileResult repair = restored.reconcile(ReconcileOptions.repairing().withReport(base.resolve("a.json")));

                assertEquals(0, repair.exitCode(), repair.counts().toString());
                assertEquals(3, repair.count(FindingKind.MESSAGE_REPLAYED));
                assertEquals(1, repair.count(FindingKind.MAILBOX_RECREATED), "Work, with its original UIDVALIDITY");
                assertEquals(1, repair.count(FindingKind.MAILBOX_DELETED), "Old");
                assertEquals(1, repair.count(FindingKind.EXPUNGE_REPLAYED), "m1 in alice's INBOX");
                MailboxInfo inboxAfter = restored.mailbox("alice@example.org", "INBOX");
                assertEquals(inbox.uidValidity(), inboxAfter.uidValidity());
                assertTrue(inboxAfter.uidNext() >= inbox.uidNext());
                assertTrue(inboxAfter.highestModseq() >= inbox.highestModseq());
                assertEquals(uidsAndBlobs(aliceInbox), uidsAndBlobs(restored.messages("alice@example.org", "INBOX")));
                assertEquals(uidsAndBlobs(bobInbox), uidsAndBlobs(restored.messages("bob@example.org", "INBOX")));
                assertEquals(work.uidValidity(), restored.mailbox("alice@example.org", "Work").uidValidity());
                assertEquals(aliceWork.stream().map(m -> m.uid() + " " + m.blobHash() + " " + m.internalDate()).toList(),
                        restored.messages("alice@example.org", "Work").stream().map(m -> m.uid() + " " + m.blobHash() + " " + m.internalDate()).toList());
                assertTrue(restored.store().mailboxes().find(restored.get("alice@example.org"), "Old").isEmpty());
                try (Stream<Long> expunged = new MailboxContents(restored.dataSource()).expungedUids(
                        restored.get("alice@example.org").id(), inboxAfter.id())) {
                    assertEquals(List.of(1L), expunged.toList(), "QRESYNC clients learn m1 is gone");
                }
                String report = Files.readString(base.resolve("a.json"));
                assertTrue(report.contains("\"kind\":\"message-replayed\",\"status\":\"repaired\",\"account\":\"alice@example.org\""), report);
                assertTrue(report.contains("\"exitCode\":0"), report);

                String afterRepair = restored.fingerprint();
                ReconcileResult again = restored.reconcile(ReconcileOptions.repairing());
                assertEquals(0, again.needingAction(), again.counts().toString());
                assertEquals(afterRepair, restored.fingerprint(), "a second run changes nothing");
                assertEquals(0, restored.reconcile(ReconcileOptions.checking()).exitCode());
            }
        }
    }

    private static List<String> uidsAndBlobs(List<MessageView> messages) {
        return messages.stream().map(m -> m.uid() + " " + m.blobHash() + " " + m.internalDate() + " " + m.size()).toList();
    }
}
