package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MaildropsTest {
    private static StoreFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new StoreFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void theSnapshotHoldsWhatListingShowsInUidOrder() {
        Account a = f.account("snap@example.org");
        for (int i = 0; i < 7; i++) f.append(a, "INBOX", StoreFixture.message("m" + i, "body " + "x".repeat(i)));
        long inbox = f.mailbox(a, "INBOX").id();
        // More than the snapshot's initial capacity and fetch size, with gaps in the UIDs.
        while (f.mailbox(a, "INBOX").messages() < 6_000) {
            f.store.messages().copy(a, inbox, f.store.messages().list(a, inbox).stream().map(MessageView::uid).toList(), inbox);
        }
        f.store.messages().storeFlags(a, inbox, List.of(3L, 500L, 5_000L), Messages.FlagMode.ADD, Flags.of(List.of(Flags.DELETED)));
        assertEquals(List.of(3L, 500L, 5_000L), f.store.messages().expungeDeleted(a, inbox, null));
        List<MessageView> listed = f.store.messages().list(a, inbox);
        MaildropSnapshot s = f.store.maildrops().snapshot(a, "inbox");
        assertEquals(inbox, s.mailboxId());
        assertEquals(f.mailbox(a, "INBOX").uidValidity(), s.uidValidity());
        assertEquals(listed.size(), s.count());
        assertArrayEquals(listed.stream().mapToLong(MessageView::uid).toArray(), s.uids());
        assertArrayEquals(listed.stream().mapToLong(MessageView::size).toArray(), s.sizes());
        for (int i = 0; i < s.count(); i++) assertEquals(listed.get(i).blobHash(), HexFormat.of().formatHex(s.blobHashes()[i]));
    }

    @Test
    void anEmptyMailboxAndAMissingOne() {
        Account a = f.account("empty@example.org");
        assertEquals(0, f.store.maildrops().snapshot(a, "INBOX").count());
        StoreException e = assertThrows(StoreException.class, () -> f.store.maildrops().snapshot(a, "Nope"));
        assertEquals(StoreException.Reason.NO_SUCH_MAILBOX, e.reason());
    }
}
