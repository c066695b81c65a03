package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MailboxesTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    private static List<String> names(Account a) {
        return f.store.mailboxes().list(a).stream().map(MailboxInfo::name).toList();
    }

    @Test
    void createMakesMissingAncestorsAndRefusesDuplicates() {
        Account a = f.account("create@example.org");
        f.store.mailboxes().create(a, "Projects/2026/Q4");
        assertTrue(names(a).containsAll(List.of("Projects", "Projects/2026", "Projects/2026/Q4")));
        assertEquals(StoreException.Reason.ALREADY_EXISTS,
                assertThrows(StoreException.class, () -> f.store.mailboxes().create(a, "Projects/2026")).reason());
        assertEquals(StoreException.Reason.ALREADY_EXISTS,
                assertThrows(StoreException.class, () -> f.store.mailboxes().create(a, "inbox")).reason());
    }

    @Test
    void inboxIsCaseInsensitiveAlsoAsFirstLevel() {
        Account a = f.account("inboxcase@example.org");
        f.store.mailboxes().create(a, "inbox/Receipts");
        assertTrue(names(a).contains("INBOX/Receipts"));
        assertTrue(f.store.mailboxes().find(a, "InBoX/Receipts").isPresent());
        assertTrue(f.store.mailboxes().find(a, "Inbox").isPresent());
    }

    @Test
    void deleteRefusesInboxAndParentsAndRecreationGetsNewUidValidity() {
        Account a = f.account("delete@example.org");
        assertEquals(StoreException.Reason.NOT_ALLOWED, assertThrows(StoreException.class, () -> f.store.mailboxes().delete(a, "INBOX")).reason());
        f.store.mailboxes().create(a, "Old/Child");
        assertEquals(StoreException.Reason.NOT_ALLOWED, assertThrows(StoreException.class, () -> f.store.mailboxes().delete(a, "Old")).reason());
        f.store.mailboxes().delete(a, "Old/Child");
        long before = f.mailbox(a, "Old").uidValidity();
        f.append(a, "Old", StoreFixture.message("in old", "x"));
        f.store.mailboxes().delete(a, "Old");
        assertTrue(f.store.mailboxes().find(a, "Old").isEmpty());
        MailboxInfo again = f.store.mailboxes().create(a, "Old");
        assertNotEquals(before, again.uidValidity(), "UIDVALIDITY is never reused for a re-created name (invariant 4)");
        assertTrue(again.uidValidity() > before);
        assertEquals(1, again.uidNext());
        assertEquals(0, f.store.accounts().quota(a).messagesUsed(), "deleting a mailbox credits its messages");
        assertEquals(StoreException.Reason.NO_SUCH_MAILBOX, assertThrows(StoreException.class, () -> f.store.mailboxes().delete(a, "Nope")).reason());
    }

    @Test
    void renameMovesChildrenAndKeepsUidValidityAndUids() {
        Account a = f.account("rename@example.org");
        f.store.mailboxes().create(a, "A/B");
        f.append(a, "A/B", StoreFixture.message("keep me", "x"));
        MailboxInfo b = f.mailbox(a, "A/B");
        f.store.mailboxes().rename(a, "A", "Z/Y");
        assertTrue(names(a).containsAll(List.of("Z", "Z/Y", "Z/Y/B")));
        assertTrue(f.store.mailboxes().find(a, "A").isEmpty());
        MailboxInfo moved = f.mailbox(a, "Z/Y/B");
        assertEquals(b.id(), moved.id());
        assertEquals(b.uidValidity(), moved.uidValidity());
        assertEquals(1, f.store.messages().list(a, moved.id()).getFirst().uid());
        assertEquals(StoreException.Reason.NOT_ALLOWED, assertThrows(StoreException.class, () -> f.store.mailboxes().rename(a, "Z", "Z/Y/B/C")).reason());
        assertEquals(StoreException.Reason.ALREADY_EXISTS, assertThrows(StoreException.class, () -> f.store.mailboxes().rename(a, "Z", "Sent")).reason());
    }

    @Test
    void renamingInboxMovesItsMessagesAndLeavesItEmpty() {
        Account a = f.account("renameinbox@example.org");
        f.append(a, "INBOX", StoreFixture.message("one", "1"));
        f.append(a, "INBOX", StoreFixture.message("two", "2"));
        f.store.mailboxes().rename(a, "INBOX", "Old Inbox");
        assertEquals(0, f.mailbox(a, "INBOX").messages());
        assertEquals(2, f.mailbox(a, "Old Inbox").messages());
        assertEquals(2, f.store.accounts().quota(a).messagesUsed());
    }

    @Test
    void subscriptionsAreNamesThatNeedNotExist() {
        Account a = f.account("subs@example.org");
        f.store.mailboxes().subscribe(a, "Not/There");
        f.store.mailboxes().subscribe(a, "Not/There");
        assertTrue(f.store.mailboxes().subscriptions(a).contains("Not/There"));
        f.store.mailboxes().unsubscribe(a, "Not/There");
        assertTrue(!f.store.mailboxes().subscriptions(a).contains("Not/There"));
    }

    @Test
    void badNamesAreRefusedWithoutEchoingControlCharacters() {
        Account a = f.account("names@example.org");
        for (String bad : List.of("", "a//b", "/a", "a/", "x*", "x%y", "bad\r\nA1 OK", "x".repeat(MailboxName.MAX_BYTES + 1))) {
            StoreException e = assertThrows(StoreException.class, () -> f.store.mailboxes().create(a, bad), bad);
            assertEquals(StoreException.Reason.INVALID_NAME, e.reason());
            assertTrue(!e.getMessage().contains("\r") && !e.getMessage().contains("\n"));
            assertTrue(e.getMessage().length() < 400);
        }
    }

    @Test
    void existsKnowsTheAccountsOwnMailboxesOnly() {
        Account a = f.account("exists-owner@example.org");
        Account b = f.account("exists-other@example.org");
        f.store.mailboxes().create(a, "Projects/Mine");
        assertTrue(f.store.mailboxes().exists(a, "Projects/Mine"));
        assertTrue(f.store.mailboxes().exists(a, "inbox"), "INBOX in any case");
        assertFalse(f.store.mailboxes().exists(b, "Projects/Mine"));
        assertFalse(f.store.mailboxes().exists(a, "Projects/Yours"));
    }
}
