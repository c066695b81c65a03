package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccountsTest {
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    @Test
    void newAccountHasInboxAndSpecialUseMailboxesAllSubscribed() {
        Account a = f.account("Defaults@Example.ORG");
        assertEquals("defaults@example.org", a.address());
        List<String> names = f.store.mailboxes().list(a).stream().map(m -> m.name() + "=" + m.specialUse()).toList();
        assertEquals(List.of("Archive=\\Archive", "Drafts=\\Drafts", "INBOX=null", "Junk=\\Junk", "Sent=\\Sent", "Trash=\\Trash"), names);
        assertEquals(List.of("Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"), f.store.mailboxes().subscriptions(a));
    }

    @Test
    void passwordIsStoredAsArgon2idNeverPlaintext() throws Exception {
        f.store.accounts().create("hash@example.org", "correct horse".toCharArray());
        try (var c = f.db.connect(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT password_hash FROM accounts WHERE address = 'hash@example.org'")) {
            rs.next();
            String stored = rs.getString(1);
            assertTrue(stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), stored);
            assertFalse(stored.contains("correct horse"));
        }
    }

    @Test
    void authenticateAcceptsOnlyTheRightPasswordOfAnEnabledAccount() {
        f.store.accounts().create("auth@example.org", "pw-1".toCharArray());
        assertTrue(f.store.accounts().authenticate("AUTH@example.org", "pw-1".toCharArray()).isPresent());
        assertTrue(f.store.accounts().authenticate("auth@example.org", "pw-2".toCharArray()).isEmpty());
        assertTrue(f.store.accounts().authenticate("nobody@example.org", "pw-1".toCharArray()).isEmpty());
        f.store.accounts().setPassword("auth@example.org", "pw-2".toCharArray());
        assertTrue(f.store.accounts().authenticate("auth@example.org", "pw-1".toCharArray()).isEmpty());
        assertTrue(f.store.accounts().authenticate("auth@example.org", "pw-2".toCharArray()).isPresent());
        f.store.accounts().setDisabled("auth@example.org", true);
        assertTrue(f.store.accounts().authenticate("auth@example.org", "pw-2".toCharArray()).isEmpty());
    }

    @Test
    void duplicateAndInvalidAddressesAreRefusedWithTheirReason() {
        f.account("dup@example.org");
        assertEquals(StoreException.Reason.ALREADY_EXISTS, assertThrows(StoreException.class, () -> f.account("DUP@example.org")).reason());
        for (String bad : List.of("", "no-at-sign", "@example.org", "a@", "a b@example.org", "a@example..org", "x\r\n@example.org")) {
            StoreException e = assertThrows(StoreException.class, () -> f.account(bad), bad);
            assertEquals(StoreException.Reason.INVALID_NAME, e.reason());
            assertFalse(e.getMessage().contains("\r") || e.getMessage().contains("\n"), "error text is safe to echo");
        }
    }

    @Test
    void deleteRemovesTheAccountButKeepsBlobsForGarbageCollection() throws Exception {
        Account a = f.account("gone@example.org");
        f.append(a, "INBOX", StoreFixture.message("kept blob", "x"));
        long blobs = f.blobFiles();
        f.store.accounts().delete("gone@example.org");
        assertTrue(f.store.accounts().find("gone@example.org").isEmpty());
        assertEquals(blobs, f.blobFiles(), "blobs are only deleted by GC (invariant 6)");
        assertEquals(StoreException.Reason.NO_SUCH_ACCOUNT,
                assertThrows(StoreException.class, () -> f.store.accounts().delete("gone@example.org")).reason());
    }
}
