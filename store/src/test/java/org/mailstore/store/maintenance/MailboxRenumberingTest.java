package org.mailstore.store.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailstore.blobstore.BlobId;
import org.mailstore.store.Account;
import org.mailstore.store.Flags;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.MessageView;
import org.mailstore.store.Recipient;
import org.mailstore.store.StoreFixture;
import org.mailstore.store.journal.JournalRecord;

class MailboxRenumberingTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    @Test
    void aNewUidValidityRenumbersEveryMessageAndTellsTheJournal() {
        Account a = f.account("renumber@example.org");
        f.store.mailboxes().create(a, "Lists");
        f.store.mailboxes().subscribe(a, "Lists");
        List<String> blobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            blobs.add(f.deliver(StoreFixture.message("r" + i, "x" + i), new Recipient(a.address(), "Lists")).getFirst().blobHash());
        }
        long listsId = f.mailbox(a, "Lists").id();
        f.store.messages().remove(a, listsId, List.of(2L));
        f.store.messages().storeFlags(a, listsId, List.of(3L), org.mailstore.store.Messages.FlagMode.ADD, Flags.of(List.of("\\Flagged")));
        MailboxInfo before = f.mailbox(a, "Lists");
        Instant date = Instant.parse("2025-05-05T05:05:05Z");
        ReplayedMessage extra = new ReplayedMessage(2, BlobId.fromHex(blobs.get(1)), date, 170, Flags.of(List.of("\\Seen")));
        List<JournalRecord> journaled = new ArrayList<>();

        MailboxRenumbering.Result r = new MailboxRenumbering(f.dataSource).renumber(a.id(), before.id(), List.of(extra), journaled::addAll);

        MailboxInfo after = f.mailbox(a, "Lists");
        assertEquals(new MailboxRenumbering.Result(before.uidValidity(), after.uidValidity(), after.id(), 4), r);
        assertTrue(after.uidValidity() > before.uidValidity());
        assertEquals(5, after.uidNext());
        long modseq = before.highestModseq() + 1;
        assertEquals(modseq, after.highestModseq());
        List<MessageView> rows = f.store.messages().list(a, after.id());
        assertEquals(List.of(1L, 2L, 3L, 4L), rows.stream().map(MessageView::uid).toList());
        assertEquals(List.of(blobs.get(0), blobs.get(2), blobs.get(3), blobs.get(1)), rows.stream().map(MessageView::blobHash).toList());
        assertTrue(rows.get(1).flags().flagged(), "flags travel with the message");
        assertEquals(date, rows.get(3).internalDate());
        assertTrue(f.store.mailboxes().subscriptions(a).contains("Lists"));
        assertEquals(1, f.store.mailboxes().list(a).stream().filter(m -> m.name().startsWith("Lists")).count());

        assertEquals(new JournalRecord.MailboxDeleted(journaled.get(0).at(), a.id(), a.address(), before.id(), "Lists"), journaled.get(0));
        assertEquals(new JournalRecord.MailboxCreated(journaled.get(1).at(), a.id(), a.address(), after.id(), "Lists", after.uidValidity()),
                journaled.get(1));
        assertEquals(6, journaled.size());
        JournalRecord.MessageAppended last = assertInstanceOf(JournalRecord.MessageAppended.class, journaled.get(5));
        assertEquals(4, last.uid());
        assertEquals(after.uidValidity(), last.uidValidity());
        assertEquals(modseq, last.modseq());
        assertEquals(blobs.get(1), BlobId.of(last.blobHash()).hex());
        assertEquals(List.of("\\Seen"), last.flags());
    }
}
