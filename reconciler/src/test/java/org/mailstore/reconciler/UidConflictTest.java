package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.FileBlobStore;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.MessageView;
import org.mailstore.store.journal.Journal;
import org.mailstore.store.journal.JournalRecord;

/**
 * Scenario (e): the journal holds a record for UID 2 whose transaction rolled back after the
 * journal write (its blob is in the tree: blob before row), and the next delivery got UID 2 with
 * other bytes. Reconcile cannot know which one a client saw under that UID, so the mailbox gets a
 * new UIDVALIDITY, every message a new UID, and both candidates are kept. The renumbering is
 * journaled, so a later rebuild from the journal alone ends in the same state.
 */
class UidConflictTest {
    @TempDir
    Path base;

    @Test
    void aUidNamingTwoBlobsForcesANewUidValidity() throws Exception {
        try (Site site = Site.fresh(base)) {
            site.account("alice@example.org");
            site.deliver(Site.message("m1", "first"), "alice@example.org");
            MailboxInfo before = site.mailbox("alice@example.org", "INBOX");
            BlobId rolledBack = new FileBlobStore(site.blobDir, 2).put(new ByteArrayInputStream(
                    Site.message("lost", "rolled back after the journal write").getBytes(StandardCharsets.UTF_8))).id();
            try (Journal crashed = Journal.open(site.journalDir, "crashed")) {
                crashed.append(List.of(new JournalRecord.MessageAppended(Instant.now(), site.get("alice@example.org").id(),
                        "alice@example.org", before.id(), "INBOX", before.uidValidity(), 2, before.highestModseq() + 1, rolledBack.bytes(),
                        Instant.parse("2026-11-25T09:00:00Z"), 190, List.of())));
            }
            String m2 = site.deliver(Site.message("m2", "took uid 2"), "alice@example.org").getFirst().blobHash();
            assertEquals(2, site.messages("alice@example.org", "INBOX").getLast().uid());

            ReconcileResult check = site.reconcile(ReconcileOptions.checking());
            assertEquals(1, check.exitCode());
            assertEquals(1, check.count(FindingKind.UID_CONFLICT));
            assertEquals(1, check.count(FindingKind.UIDVALIDITY_BUMPED));

            ReconcileResult repair = site.reconcile(ReconcileOptions.repairing());

            assertEquals(0, repair.exitCode(), repair.counts().toString());
            MailboxInfo after = site.mailbox("alice@example.org", "INBOX");
            assertTrue(after.uidValidity() > before.uidValidity());
            assertEquals(4, after.uidNext());
            List<MessageView> rows = site.messages("alice@example.org", "INBOX");
            assertEquals(List.of(1L, 2L, 3L), rows.stream().map(MessageView::uid).toList());
            assertEquals(m2, rows.get(1).blobHash());
            assertEquals(rolledBack.hex(), rows.get(2).blobHash(), "the other candidate is kept, never lost");

            String state = site.fingerprint();
            ReconcileResult again = site.reconcile(ReconcileOptions.repairing());
            assertEquals(0, again.needingAction(), again.counts().toString());
            assertEquals(state, site.fingerprint());

            try (Site rebuilt = Site.assemble(base, null, site.blobDir, site.journalDir)) {
                assertEquals(0, rebuilt.reconcile(ReconcileOptions.repairing()).exitCode());
                assertEquals(after.uidValidity(), rebuilt.mailbox("alice@example.org", "INBOX").uidValidity());
                assertEquals(rows.stream().map(m -> m.uid() + " " + m.blobHash()).toList(),
                        rebuilt.messages("alice@example.org", "INBOX").stream().map(m -> m.uid() + " " + m.blobHash()).toList());
            }
        }
    }
}
