package org.mailstore.store.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mailstore.blobstore.BlobId;
import org.mailstore.store.Account;
import org.mailstore.store.Recipient;
import org.mailstore.store.StoreFixture;

class BlobReferencesTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    @Test
    void everyMessageOfTheBlobWithItsAccountMailboxAndUid() {
        Account a = f.account("refs-a@example.org");
        Account b = f.account("refs-b@example.org");
        f.store.mailboxes().create(b, "Lists");
        f.deliver(StoreFixture.message("first", "x"), new Recipient(a.address()));
        BlobId blob = BlobId.fromHex(f.deliver(StoreFixture.message("both", "y"), new Recipient(a.address()),
                new Recipient(b.address(), "Lists")).getFirst().blobHash());

        List<MessageRef> refs = new BlobReferences(f.dataSource).referencing(List.of(blob));

        long uvA = f.mailbox(a, "INBOX").uidValidity();
        long uvB = f.mailbox(b, "Lists").uidValidity();
        assertEquals(List.of(
                new MessageRef(a.id(), a.address(), f.mailbox(a, "INBOX").id(), "INBOX", uvA, 2, blob),
                new MessageRef(b.id(), b.address(), f.mailbox(b, "Lists").id(), "Lists", uvB, 1, blob)), refs);
        assertEquals(List.of(), new BlobReferences(f.dataSource).referencing(List.of()));
    }
}
