package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.MessageView;
import org.mailstore.store.StoreException;
import org.mailstore.store.journal.JournalReader;
import org.mailstore.store.journal.JournalRecord;
import org.mailstore.store.maintenance.MailboxContents;

/**
 * Scenario (b): the blob tree comes back older than the database. Rows whose blob is gone are
 * listed with account, mailbox and UID; by default they are kept (and reading them fails with
 * CONTENT_UNAVAILABLE), with {@code --missing=expunge} they go through the normal expunge path.
 */
class BlobsOlderThanDatabaseTest {
    @TempDir
    Path base;

    @Test
    void rowsWithoutBlobsAreListedThenKeptOrExpunged() throws Exception {
        try (Site live = Site.fresh(base)) {
            live.account("alice@example.org");
            live.account("bob@example.org");
            live.deliver(Site.message("m1", "to both"), "alice@example.org", "bob@example.org");
            live.deliver(Site.message("m2", "alice"), "alice@example.org");
            Site.Pieces old = live.snapshot(base);
            String m3 = live.deliver(Site.message("m3", "alice after"), "alice@example.org").getFirst().blobHash();
            live.deliver(Site.message("m4", "bob after"), "bob@example.org");
            live.deliver(Site.message("m5", "both after"), "alice@example.org", "bob@example.org");
            Site.Pieces now = live.snapshot(base);

            try (Site restored = Site.assemble(base, now.db(), old.blobDir(), now.journalDir())) {
                Path checkReport = base.resolve("check.json");
                ReconcileResult check = restored.reconcile(ReconcileOptions.checking().withReport(checkReport));
                assertEquals(1, check.exitCode());
                assertEquals(4, check.count(FindingKind.MISSING_BLOB), check.counts().toString());
                String report = Files.readString(checkReport);
                assertTrue(report.contains("{\"kind\":\"missing-blob\",\"status\":\"unresolved\",\"account\":\"alice@example.org\","
                        + "\"mailbox\":\"INBOX\",\"uidValidity\":" + restored.mailbox("alice@example.org", "INBOX").uidValidity()
                        + ",\"uid\":3,\"blob\":\"" + m3 + "\""), report);

                ReconcileResult kept = restored.reconcile(ReconcileOptions.repairing());
                assertEquals(1, kept.exitCode(), "rows kept by choice still need an operator");
                assertEquals(4, kept.count(FindingKind.MISSING_BLOB));
                assertEquals(List.of(1L, 2L, 3L, 4L), uids(restored.messages("alice@example.org", "INBOX")));
                StoreException unavailable = assertThrows(StoreException.class, () -> restored.store().messages().open(m3));
                assertEquals(StoreException.Reason.CONTENT_UNAVAILABLE, unavailable.reason());

                ReconcileResult expunged = restored.reconcile(ReconcileOptions.repairing().withMissing(MissingPolicy.EXPUNGE));
                assertEquals(0, expunged.exitCode(), expunged.counts().toString());
                assertEquals(4, expunged.count(FindingKind.MISSING_BLOB));
                assertEquals(List.of(1L, 2L), uids(restored.messages("alice@example.org", "INBOX")));
                assertEquals(List.of(1L), uids(restored.messages("bob@example.org", "INBOX")));
                assertEquals(2, restored.store().accounts().quota(restored.get("alice@example.org")).messagesUsed());
                try (Stream<Long> gone = new MailboxContents(restored.dataSource()).expungedUids(restored.get("alice@example.org").id(),
                        restored.mailbox("alice@example.org", "INBOX").id())) {
                    assertEquals(List.of(3L, 4L), gone.toList());
                }
                long journaledExpunges;
                try (var entries = JournalReader.readAll(restored.journalDir)) {
                    journaledExpunges = entries.filter(e -> e.record() instanceof JournalRecord.MessagesExpunged).count();
                }
                assertEquals(2, journaledExpunges, "one expunge per mailbox (alice's INBOX, bob's INBOX), journaled by the normal path");

                String after = restored.fingerprint();
                ReconcileResult again = restored.reconcile(ReconcileOptions.repairing().withMissing(MissingPolicy.EXPUNGE));
                assertEquals(0, again.needingAction(), again.counts().toString());
                assertEquals(after, restored.fingerprint());
            }
        }
    }

    private static List<Long> uids(List<MessageView> messages) {
        return messages.stream().map(MessageView::uid).toList();
    }
}
