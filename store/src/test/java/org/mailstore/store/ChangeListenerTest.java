package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChangeListenerTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    @Test
    void committedChangesReachSubscribersOfThatAccountOnly() throws Exception {
        Account a = f.account("listen@example.org");
        Account other = f.account("other@example.org");
        BlockingQueue<MailboxChange> heard = new LinkedBlockingQueue<>();
        BlockingQueue<MailboxChange> otherHeard = new LinkedBlockingQueue<>();
        try (AutoCloseable s1 = f.store.changes().subscribe(a.id(), c -> { if (c != null) heard.add(c); });
             AutoCloseable s2 = f.store.changes().subscribe(other.id(), c -> { if (c != null) otherHeard.add(c); })) {
            Thread.sleep(ChangeListener.POLL_MILLIS * 2L); // the listener's LISTEN is in place
            AppendResult r = f.append(a, "INBOX", StoreFixture.message("notify", "x"));
            MailboxChange c = heard.poll(5, TimeUnit.SECONDS);
            assertNotNull(c, "notification within 5 s");
            assertEquals(new MailboxChange(a.id(), r.mailboxId(), MailboxChange.Kind.APPENDED, r.modseq(), r.uid() + 1), c);
            f.store.messages().storeFlags(a, r.mailboxId(), java.util.List.of(r.uid()), Messages.FlagMode.ADD,
                    Flags.of(java.util.List.of("\\Deleted")));
            assertEquals(MailboxChange.Kind.FLAGS, heard.poll(5, TimeUnit.SECONDS).kind());
            f.store.messages().expungeDeleted(a, r.mailboxId(), null);
            assertEquals(MailboxChange.Kind.EXPUNGED, heard.poll(5, TimeUnit.SECONDS).kind());
            assertNull(otherHeard.poll(200, TimeUnit.MILLISECONDS), "other accounts hear nothing");
        }
    }
}
