package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailstore.store.journal.JournalRecord;

/** The claim rules on their own; InterruptedCommitTest (reconciler) shows the race they close, end to end. */
class UidClaimsTest {
    private final UidClaims claims = new UidClaims();

    @Test
    void aClaimedUidIsRefusedToAnotherTransactionUntilReleased() {
        claims.claim(List.of(append(7, 100, 5)));

        StoreException refused = assertThrows(StoreException.class, () -> claims.claim(List.of(append(7, 100, 5))));
        assertEquals(StoreException.Reason.CONFLICT, refused.reason());

        claims.release(List.of(append(7, 100, 5)));
        assertDoesNotThrow(() -> claims.claim(List.of(append(7, 100, 5))));
    }

    @Test
    void aRefusedClaimTakesNoneOfItsUids() {
        claims.claim(List.of(append(7, 100, 5)));

        assertThrows(StoreException.class, () -> claims.claim(List.of(append(8, 100, 1), append(7, 100, 5))));

        assertDoesNotThrow(() -> claims.claim(List.of(append(8, 100, 1))), "mailbox 8's UID 1 was not kept by the refused claim");
    }

    @Test
    void otherMailboxesOtherUidValiditiesAndOtherRecordsDoNotCollide() {
        claims.claim(List.of(append(7, 100, 5)));

        assertDoesNotThrow(() -> claims.claim(List.of(append(8, 100, 5), append(7, 101, 5), append(7, 100, 6))));
        assertDoesNotThrow(() -> claims.claim(List.of(new JournalRecord.MessagesExpunged(Instant.EPOCH, 1, "a@example.org", 7, 100, 9,
                new long[] {5}))), "an expunge names a UID the mailbox already gave; it claims nothing");
    }

    private static JournalRecord.MessageAppended append(long mailboxId, long uidValidity, long uid) {
        return new JournalRecord.MessageAppended(Instant.EPOCH, 1, "a@example.org", mailboxId, "INBOX", uidValidity, uid, uid,
                new byte[32], Instant.EPOCH, 10, List.of());
    }
}
