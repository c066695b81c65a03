package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invariant 3: with the blob tree moved away, everything but reading content still works, and
 * reading content fails with a clear CONTENT_UNAVAILABLE instead of a crash.
 */
class ListingWithoutBlobTreeTest {
    static StoreFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new StoreFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        Path away = f.root.resolve("blobs-away");
        if (Files.exists(away) && !Files.exists(f.blobDir)) Files.move(away, f.blobDir);
        f.close();
    }

    @Test
    void listingCountingAndDescribingNeedNoBlobs() throws Exception {
        Account a = f.account("noblobs@example.org");
        f.store.mailboxes().create(a, "Folder");
        for (int i = 0; i < 5; i++) f.append(a, "INBOX", StoreFixture.message("listing " + i, "body " + i));
        f.append(a, "Folder", StoreFixture.message("in folder", "x"));
        long inbox = f.mailbox(a, "INBOX").id();

        Files.move(f.blobDir, f.root.resolve("blobs-away"));

        List<MailboxInfo> boxes = f.store.mailboxes().list(a);
        assertEquals(7, boxes.size());
        MailboxInfo in = f.mailbox(a, "INBOX");
        assertEquals(5, in.messages());
        assertEquals(5, in.unseen());
        List<MessageView> views = f.store.messages().list(a, inbox);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), views.stream().map(MessageView::uid).toList());
        assertEquals(views.stream().mapToLong(MessageView::size).sum(), in.size());
        f.store.messages().storeFlags(a, inbox, List.of(2L), Messages.FlagMode.ADD, Flags.of(List.of("\\Seen")));
        assertEquals(4, f.mailbox(a, "INBOX").unseen());
        BlobMetadata m = f.store.messages().metadata(views.get(3).blobHash());
        assertTrue(m.envelope().contains("\"listing 3\""));
        assertTrue(m.bodyStructure().contains("\"plain\""));
        assertTrue(new String(m.header(), java.nio.charset.StandardCharsets.US_ASCII).contains("Subject: listing 3"));
        f.store.messages().copy(a, inbox, List.of(1L), f.mailbox(a, "Folder").id());

        StoreException e = assertThrows(StoreException.class, () -> f.store.messages().open(views.getFirst().blobHash()));
        assertEquals(StoreException.Reason.CONTENT_UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains(views.getFirst().blobHash()) && e.getMessage().contains("missing"), e.getMessage());
    }
}
