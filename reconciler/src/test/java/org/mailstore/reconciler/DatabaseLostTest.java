package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.MessageView;

/**
 * Scenario (c): the database is lost entirely. Against a new, empty database, reconcile rebuilds
 * accounts, mailboxes (original UIDVALIDITY and names) and messages (original UIDs and internal
 * dates) from the blob tree and the journal. Flags are those at delivery, and the report says
 * which mailboxes that affects. Accounts come back unable to log in until a password is set.
 */
class DatabaseLostTest {
    @TempDir
    Path base;

    @Test
    void everythingComesBackFromBlobsAndJournal() throws Exception {
        try (Site live = Site.fresh(base)) {
            live.account("alice@example.org");
            live.account("bob@example.org");
            live.deliver(Site.message("m1", "to both"), "alice@example.org", "bob@example.org");
            live.deliver(Site.message("m2", "alice"), "alice@example.org");
            live.deliver(Site.message("m3", "alice"), "alice@example.org");
            live.store().mailboxes().create(live.get("alice@example.org"), "Lists/Java");
            live.deliverInto(Site.message("m4", "list mail"), "alice@example.org", "Lists/Java");
            live.store().mailboxes().rename(live.get("alice@example.org"), "Lists", "Groups");
            live.store().mailboxes().create(live.get("bob@example.org"), "Temporary");
            live.store().mailboxes().delete(live.get("bob@example.org"), "Temporary");
            live.expunge("alice@example.org", "INBOX", 2);
            live.flag("alice@example.org", "INBOX", 1, "\\Seen");
            List<MailboxInfo> aliceBoxes = live.store().mailboxes().list(live.get("alice@example.org"));
            List<MailboxInfo> bobBoxes = live.store().mailboxes().list(live.get("bob@example.org"));
            List<MessageView> aliceInbox = live.messages("alice@example.org", "INBOX");
            List<MessageView> java = live.messages("alice@example.org", "Groups/Java");
            Site.Pieces now = live.snapshot(base);

            try (Site rebuilt = Site.assemble(base, null, now.blobDir(), now.journalDir())) {
                ReconcileResult r = rebuilt.reconcile(ReconcileOptions.repairing());

                assertEquals(0, r.exitCode(), r.counts().toString());
                assertEquals(2, r.count(FindingKind.ACCOUNT_RECREATED));
                assertEquals(aliceBoxes.size() + bobBoxes.size(), r.count(FindingKind.MAILBOX_RECREATED));
                assertEquals(4, r.count(FindingKind.MESSAGE_REPLAYED), "m1 twice, m3, m4; m2 was expunged");
                assertEquals(3, r.count(FindingKind.FLAGS_FROM_DELIVERY), "alice INBOX, alice Groups/Java, bob INBOX");
                assertEquals(identities(aliceBoxes), identities(rebuilt.store().mailboxes().list(rebuilt.get("alice@example.org"))));
                assertEquals(identities(bobBoxes), identities(rebuilt.store().mailboxes().list(rebuilt.get("bob@example.org"))));
                List<MessageView> inbox = rebuilt.messages("alice@example.org", "INBOX");
                assertEquals(List.of(1L, 3L), inbox.stream().map(MessageView::uid).toList());
                assertEquals(aliceInbox.stream().map(m -> m.blobHash() + m.internalDate()).toList(),
                        inbox.stream().map(m -> m.blobHash() + m.internalDate()).toList());
                assertTrue(aliceInbox.getFirst().flags().seen() && !inbox.getFirst().flags().seen(), "flags are those at delivery");
                assertEquals(java.stream().map(m -> m.uid() + m.blobHash()).toList(),
                        rebuilt.messages("alice@example.org", "Groups/Java").stream().map(m -> m.uid() + m.blobHash()).toList());
                assertTrue(rebuilt.store().accounts().authenticate("alice@example.org", Site.PASSWORD.toCharArray()).isEmpty(),
                        "no password comes back from the journal");
                rebuilt.store().accounts().setPassword("alice@example.org", "new secret".toCharArray());
                assertTrue(rebuilt.store().accounts().authenticate("alice@example.org", "new secret".toCharArray()).isPresent());
                assertEquals(3, rebuilt.store().accounts().quota(rebuilt.get("alice@example.org")).messagesUsed(), "usage recounted");
                assertTrue(rebuilt.store().mailboxes().subscriptions(rebuilt.get("alice@example.org")).contains("Groups/Java"));
                long highest = aliceBoxes.stream().mapToLong(MailboxInfo::uidValidity).max().orElseThrow();
                assertTrue(rebuilt.store().mailboxes().create(rebuilt.get("alice@example.org"), "Later").uidValidity() > highest);
                rebuilt.store().mailboxes().delete(rebuilt.get("alice@example.org"), "Later");

                String after = rebuilt.fingerprint();
                ReconcileResult again = rebuilt.reconcile(ReconcileOptions.repairing());
                assertEquals(0, again.needingAction(), again.counts().toString());
                assertEquals(after, rebuilt.fingerprint());
            }
        }
    }

    /** What a client knows a mailbox by, and its UIDNEXT. */
    private static Set<String> identities(List<MailboxInfo> boxes) {
        return boxes.stream().map(m -> m.name() + " " + m.uidValidity() + " " + m.uidNext() + " " + m.specialUse() + " " + m.messages())
                .collect(Collectors.toSet());
    }
}
