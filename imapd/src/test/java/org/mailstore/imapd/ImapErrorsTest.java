package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mailstore.store.StoreException;
import org.mailstore.store.StoreException.Reason;

class ImapErrorsTest {
    private static String of(Reason r, ImapErrors.Role role) {
        return ImapErrors.of(new StoreException(r, "detail"), role);
    }

    @Test
    void missingMailboxIsNonexistentAsSourceAndTrycreateAsDestination() {
        assertEquals("NO [NONEXISTENT] detail", of(Reason.NO_SUCH_MAILBOX, ImapErrors.Role.SOURCE));
        assertEquals("NO [TRYCREATE] detail", of(Reason.NO_SUCH_MAILBOX, ImapErrors.Role.DESTINATION));
    }

    @Test
    void internalFailuresDoNotLeakTheirDetail() {
        for (Reason r : new Reason[] {Reason.DATABASE_UNAVAILABLE, Reason.JOURNAL_FAILURE, Reason.BLOB_STORE_FAILURE}) {
            assertEquals(ImapErrors.UNAVAILABLE, of(r, ImapErrors.Role.SOURCE));
        }
    }

    @Test
    void everyReasonHasAResponseCode() {
        for (Reason r : Reason.values()) {
            String response = of(r, ImapErrors.Role.SOURCE);
            assertTrue(response.matches("NO \\[[A-Z]+\\] .+"), r + " -> " + response);
        }
        assertEquals("NO [OVERQUOTA] detail", of(Reason.OVER_QUOTA, ImapErrors.Role.DESTINATION));
        assertEquals("NO [ALREADYEXISTS] detail", of(Reason.ALREADY_EXISTS, ImapErrors.Role.SOURCE));
    }
}
