package org.mailstore.store.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.blobstore.BlobId;
import org.mailstore.store.Account;
import org.mailstore.store.Flags;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.MessageView;
import org.mailstore.store.Quota;
import org.mailstore.store.Recipient;
import org.mailstore.store.StoreFixture;

class MailboxRepairsTest {
    static StoreFixture f;
    static MailboxRepairs repairs;
    static MailboxCatalog catalog;

    @BeforeAll
    static void start() throws Exception {
        f = new StoreFixture();
        repairs = new MailboxRepairs(f.dataSource);
        catalog = new MailboxCatalog(f.dataSource);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void aRebuiltAccountTakesMailButCannotLogIn() {
        AccountState a = repairs.recreateAccount("rebuilt@example.org");
        MailboxState inbox = repairs.recreateMailbox(a.id(), "INBOX", 1_700_000_000L, true);
        MailboxState sent = repairs.recreateMailbox(a.id(), "Sent", 1_700_000_001L, true);

        assertEquals(1_700_000_001L, catalog.account("rebuilt@example.org").orElseThrow().lastUidValidity());
        assertEquals("\\Sent", sent.specialUse());
        assertEquals(List.of(inbox, sent), catalog.mailboxes(a.id()));
        assertTrue(f.store.accounts().authenticate("rebuilt@example.org", "secret".toCharArray()).isEmpty());
        assertTrue(f.store.accounts().authenticate("rebuilt@example.org", MailboxRepairs.LOCKED_PASSWORD.toCharArray()).isEmpty());
        assertEquals(List.of("INBOX", "Sent"), f.store.mailboxes().subscriptions(f.store.accounts().get("rebuilt@example.org")));
        var delivered = f.deliver(StoreFixture.message("after rebuild", "x"), new Recipient("rebuilt@example.org")).getFirst();
        assertEquals(1, delivered.uid());
        assertEquals(1_700_000_000L, delivered.uidValidity());
        MailboxInfo created = f.store.mailboxes().create(f.store.accounts().get("rebuilt@example.org"), "New");
        assertTrue(created.uidValidity() > 1_700_000_001L, "a later mailbox never gets a restored UIDVALIDITY");
    }

    @Test
    void replayKeepsOriginalUidsAndRaisesTheCounters() {
        Account a = f.account("replay@example.org");
        BlobId blob = BlobId.fromHex(f.deliver(StoreFixture.message("one", "1"), new Recipient(a.address())).getFirst().blobHash());
        MailboxInfo inbox = f.mailbox(a, "INBOX");
        Instant date = Instant.parse("2026-01-02T03:04:05.123456Z");
        Flags seen = Flags.of(List.of("\\Seen", "$label"));

        int inserted = repairs.replay(a.id(), inbox.id(), List.of(
                new ReplayedMessage(7, blob, date, 172, seen),
                new ReplayedMessage(1, blob, date, 172, Flags.NONE)), 40);

        assertEquals(1, inserted, "uid 1 is taken and skipped");
        List<MessageView> rows = f.store.messages().list(a, inbox.id());
        assertEquals(List.of(1L, 7L), rows.stream().map(MessageView::uid).toList());
        MessageView seven = rows.get(1);
        assertEquals(new MessageView(7, 40, seen, date, 172, blob.hex()), seven);
        MailboxInfo after = f.mailbox(a, "INBOX");
        assertEquals(8, after.uidNext());
        assertEquals(40, after.highestModseq());
        repairs.recountQuota(a.id());
        Quota q = f.store.accounts().quota(a);
        assertEquals(2, q.messagesUsed());
        assertEquals(rows.stream().mapToLong(MessageView::size).sum(), q.storageUsed());
    }

    @Test
    void journalExpungesRemoveRowsAndAreRecordedForQresync() {
        Account a = f.account("expunge@example.org");
        for (int i = 0; i < 3; i++) f.deliver(StoreFixture.message("e" + i, "x"), new Recipient(a.address()));
        MailboxInfo inbox = f.mailbox(a, "INBOX");

        assertEquals(2, repairs.expunge(a.id(), inbox.id(), new long[] {1, 3, 9}, 50));

        assertEquals(List.of(2L), f.store.messages().list(a, inbox.id()).stream().map(MessageView::uid).toList());
        try (Stream<Long> expunged = new MailboxContents(f.dataSource).expungedUids(a.id(), inbox.id())) {
            assertEquals(List.of(1L, 3L, 9L), expunged.toList());
        }
        assertEquals(50, f.mailbox(a, "INBOX").highestModseq());
    }

    @Test
    void countersOnlyGrowAndRenameAndDeleteWork() {
        Account a = f.account("counters@example.org");
        MailboxInfo box = f.store.mailboxes().create(a, "Work");
        repairs.raiseCounters(a.id(), box.id(), 100, 90);
        repairs.raiseCounters(a.id(), box.id(), 5, 3);
        assertEquals(100, f.mailbox(a, "Work").uidNext());
        assertEquals(90, f.mailbox(a, "Work").highestModseq());
        assertFalse(repairs.raiseLastUidValidity(a.id(), 1));
        assertTrue(repairs.raiseLastUidValidity(a.id(), 4_000_000_000L));

        repairs.renameMailbox(a.id(), box.id(), "Play");
        assertTrue(repairs.nameTaken(a.id(), "Play"));
        assertFalse(repairs.nameTaken(a.id(), "Work"));
        repairs.deleteMailbox(a.id(), box.id());
        assertFalse(repairs.nameTaken(a.id(), "Play"));
        assertEquals(Set.of("INBOX", "Drafts", "Sent", "Trash", "Junk", "Archive"),
                Set.copyOf(catalog.mailboxes(a.id()).stream().map(MailboxState::name).toList()));
    }

    @Test
    void lastSavedIsTheNewestMessageAndEmptyForAnEmptyMailbox() {
        Account a = f.account("saved@example.org");
        MailboxInfo inbox = f.mailbox(a, "INBOX");
        assertTrue(catalog.lastSaved(a.id(), inbox.id()).isEmpty());
        Instant before = Instant.now().minusSeconds(5);
        f.deliver(StoreFixture.message("s", "x"), new Recipient(a.address()));
        assertTrue(catalog.lastSaved(a.id(), inbox.id()).orElseThrow().isAfter(before));
    }
}
