package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailstore.store.journal.JournalEntry;
import org.mailstore.store.journal.JournalReader;
import org.mailstore.store.journal.JournalRecord;

class DeliveryTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    @Test
    void oneMessageToManyRecipientsIsOneBlobAndOneRowEach() throws Exception {
        List<Recipient> rcpts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            f.account("many" + i + "@example.org");
            rcpts.add(new Recipient("many" + i + "@example.org"));
        }
        long blobsBefore = f.blobFiles();
        List<DeliveryOutcome> out = f.deliver(StoreFixture.message("to fifty", "hello"), rcpts.toArray(Recipient[]::new));
        assertEquals(50, out.size());
        assertTrue(out.stream().allMatch(o -> o.delivered() && o.uid() == 1 && o.mailbox().equals("INBOX")));
        assertEquals(1, out.stream().map(DeliveryOutcome::blobHash).distinct().count());
        assertEquals(blobsBefore + 1, f.blobFiles());
        assertTrue(java.nio.file.Files.exists(f.blobDir.resolve(out.getFirst().blobHash().substring(0, 2))
                .resolve(out.getFirst().blobHash().substring(2, 4)).resolve(out.getFirst().blobHash())), "ab/cd/abcd… layout");
    }

    @Test
    void sameBytesDeliveredAgainAddNoBlob() throws Exception {
        Account a = f.account("dedup-a@example.org");
        Account b = f.account("dedup-b@example.org");
        String msg = StoreFixture.message("dedup", "same bytes");
        f.deliver(msg, new Recipient(a.address()));
        long blobs = f.blobFiles();
        List<DeliveryOutcome> second = f.deliver(msg, new Recipient(b.address()));
        assertEquals(blobs, f.blobFiles());
        assertEquals(1, second.getFirst().uid());
    }

    @Test
    void eachRecipientGetsItsOwnOutcome() {
        f.account("ok@example.org");
        f.account("full@example.org");
        f.account("off@example.org");
        f.store.accounts().setQuota(f.store.accounts().get("full@example.org"), 10L, null);
        f.store.accounts().setDisabled("off@example.org", true);
        List<DeliveryOutcome> out = f.deliver(StoreFixture.message("mixed", "x"),
                new Recipient("ok@example.org"), new Recipient("missing@example.org"),
                new Recipient("full@example.org"), new Recipient("off@example.org"));
        assertNull(out.get(0).failure());
        assertEquals(StoreException.Reason.NO_SUCH_ACCOUNT, out.get(1).failure().reason());
        assertEquals(StoreException.Reason.MESSAGE_TOO_LARGE_FOR_QUOTA, out.get(2).failure().reason());
        assertEquals(StoreException.Reason.ACCOUNT_DISABLED, out.get(3).failure().reason());
        assertEquals(0, f.store.accounts().quota(f.store.accounts().get("full@example.org")).messagesUsed());
    }

    @Test
    void overQuotaIsRefusedWhileTheMessageAloneWouldFit() {
        Account a = f.account("quota@example.org");
        String msg = StoreFixture.message("quota", "x");
        f.store.accounts().setQuota(a, (long) msg.length() + 10, null);
        assertTrue(f.deliver(msg, new Recipient(a.address())).getFirst().delivered());
        assertEquals(StoreException.Reason.OVER_QUOTA, f.deliver(msg, new Recipient(a.address())).getFirst().failure().reason());
        assertEquals(msg.length(), f.store.accounts().quota(a).storageUsed());
    }

    @Test
    void recipientCheckReportsTheReasonBeforeAnyBytesArrive() {
        Account a = f.account("check@example.org");
        f.store.accounts().setQuota(a, 1000L, 2L);
        f.store.delivery().check(new Recipient("check@example.org"), 0);
        f.store.delivery().check(new Recipient("check+anything@example.org"), 999);
        assertEquals(StoreException.Reason.MESSAGE_TOO_LARGE_FOR_QUOTA,
                assertThrows(StoreException.class, () -> f.store.delivery().check(new Recipient("check@example.org"), 1001)).reason());
        assertEquals(StoreException.Reason.NO_SUCH_ACCOUNT,
                assertThrows(StoreException.class, () -> f.store.delivery().check(new Recipient("nocheck@example.org"), 0)).reason());
        f.deliver(StoreFixture.message("c1", "x"), new Recipient(a.address()));
        f.deliver(StoreFixture.message("c2", "x"), new Recipient(a.address()));
        assertEquals(StoreException.Reason.OVER_QUOTA,
                assertThrows(StoreException.class, () -> f.store.delivery().check(new Recipient("check@example.org"), 0)).reason());
    }

    @Test
    void plusDetailDeliversToThatMailboxWhenItExistsElseInbox() {
        Account a = f.account("plus@example.org");
        f.store.mailboxes().create(a, "lists");
        assertEquals("lists", f.deliver(StoreFixture.message("p1", "x"), new Recipient("plus+lists@example.org")).getFirst().mailbox());
        assertEquals("INBOX", f.deliver(StoreFixture.message("p2", "x"), new Recipient("plus+nothere@example.org")).getFirst().mailbox());
        assertEquals("INBOX", f.deliver(StoreFixture.message("p3", "x"), new Recipient("plus@example.org", "Nope")).getFirst().mailbox());
        assertEquals("Sent", f.deliver(StoreFixture.message("p4", "x"), new Recipient("plus@example.org", "Sent")).getFirst().mailbox());
    }

    @Test
    void plusDetailKeepsTheMailboxNamesCase() {
        Account a = f.account("case@example.org");
        f.store.mailboxes().create(a, "Lists");
        assertEquals("Lists", f.deliver(StoreFixture.message("c1", "x"), new Recipient("Case+Lists@Example.org")).getFirst().mailbox());
        assertEquals("INBOX", f.deliver(StoreFixture.message("c2", "x"), new Recipient("case+lists@example.org")).getFirst().mailbox());
    }

    @Test
    void everyAcknowledgedDeliveryIsInTheJournalWithMailboxUidAndBlob() throws Exception {
        Account a = f.account("journal@example.org");
        DeliveryOutcome o = f.deliver(StoreFixture.message("journal", "x"), new Recipient(a.address())).getFirst();
        List<JournalRecord.MessageAppended> appended;
        try (var s = JournalReader.readAll(f.journalDir)) {
            appended = s.map(JournalEntry::record).filter(r -> r instanceof JournalRecord.MessageAppended)
                    .map(r -> (JournalRecord.MessageAppended) r).filter(r -> r.accountId() == a.id()).collect(Collectors.toList());
        }
        assertEquals(1, appended.size());
        JournalRecord.MessageAppended r = appended.getFirst();
        assertEquals(List.of("journal@example.org", "INBOX", o.uidValidity(), o.uid(), o.blobHash()),
                List.of(r.address(), r.mailboxName(), r.uidValidity(), r.uid(), HexFormat.of().formatHex(r.blobHash())));
    }
}
