package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RFC 6154 §3 CREATE-SPECIAL-USE in the store: supported attributes only, and each held by one mailbox at most. */
class SpecialUseCreateTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    private static List<String> withUse(Account a, String use) {
        return f.store.mailboxes().list(a).stream().filter(m -> use.equals(m.specialUse())).map(MailboxInfo::name).toList();
    }

    @Test
    void aFreedAttributeCanBeGivenToANewMailboxAndItsAncestorsGetNone() {
        Account a = f.account("specialuse@example.org");
        f.store.mailboxes().delete(a, "Drafts");
        MailboxInfo created = f.store.mailboxes().create(a, "Mail/Entw\u00fcrfe", "\\Drafts");
        assertEquals("\\Drafts", created.specialUse());
        assertNull(f.mailbox(a, "Mail").specialUse());
        assertEquals(List.of("Mail/Entw\u00fcrfe"), withUse(a, "\\Drafts"));
    }

    @Test
    void aTakenOrUnsupportedAttributeIsRefusedAndNothingIsCreated() {
        Account a = f.account("specialuse-taken@example.org");
        StoreException taken = assertThrows(StoreException.class, () -> f.store.mailboxes().create(a, "Parent/Sent Items", "\\Sent"));
        assertEquals(StoreException.Reason.NOT_ALLOWED, taken.reason());
        assertEquals("another mailbox already has \\Sent", taken.getMessage());
        assertFalse(f.store.mailboxes().exists(a, "Parent"), "the transaction rolled back, ancestors included");
        for (String unsupported : List.of("\\All", "\\Flagged", "\\Important", "Sent")) {
            assertEquals(StoreException.Reason.NOT_ALLOWED,
                    assertThrows(StoreException.class, () -> f.store.mailboxes().create(a, "X", unsupported)).reason());
        }
        assertFalse(f.store.mailboxes().exists(a, "X"));
        assertEquals(List.of("Sent"), withUse(a, "\\Sent"));
    }

    @Test
    void concurrentCreatesWithTheSameFreeAttributeLeaveOneHolder() throws InterruptedException {
        Account a = f.account("specialuse-race@example.org");
        f.store.mailboxes().delete(a, "Archive");
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger created = new AtomicInteger(), refused = new AtomicInteger();
        List<Thread> all = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String name = "Archive" + i;
            all.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    f.store.mailboxes().create(a, name, "\\Archive");
                    created.incrementAndGet();
                } catch (StoreException e) {
                    if (e.reason() == StoreException.Reason.NOT_ALLOWED) refused.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        start.countDown();
        for (Thread t : all) t.join();
        assertEquals(1, created.get());
        assertEquals(threads - 1, refused.get());
        assertEquals(1, withUse(a, "\\Archive").size());
    }
}
