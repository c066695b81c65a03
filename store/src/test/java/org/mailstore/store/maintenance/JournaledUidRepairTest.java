package org.mailstore.store.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailstore.store.maintenance.JournaledUidRepair.EXPUNGE;
import static org.mailstore.store.maintenance.JournaledUidRepair.NONE;
import static org.mailstore.store.maintenance.JournaledUidRepair.PUT_BACK;

import org.junit.jupiter.api.Test;

/** The per-UID verdicts the reconciler and serve's previous-run settling share; H (the mailbox's HIGHESTMODSEQ) is 10. */
class JournaledUidRepairTest {
    private static final long H = 10;

    @Test
    void aJournaledAppendTheDatabaseKnowsNothingOfIsPutBack() {
        assertEquals(PUT_BACK, JournaledUidRepair.of(false, false, true, 0, H));
    }

    @Test
    void aJournaledAppendWhoseRowIsThereOrWhoseUidWasExpungedIsLeft() {
        assertEquals(NONE, JournaledUidRepair.of(true, false, true, 0, H));
        assertEquals(NONE, JournaledUidRepair.of(false, true, true, 0, H));
    }

    @Test
    void anExpungeAboveHighestModseqRemovesTheRowOrRecordsTheUid() {
        assertEquals(EXPUNGE, JournaledUidRepair.of(true, false, true, H + 1, H));
        assertEquals(EXPUNGE, JournaledUidRepair.of(false, false, true, H + 1, H), "appended and expunged, neither committed");
        assertEquals(EXPUNGE, JournaledUidRepair.of(false, false, false, H + 1, H));
    }

    @Test
    void anExpungeAboveHighestModseqOfAUidAlreadyRecordedAsExpungedNeedsNothing() {
        assertEquals(NONE, JournaledUidRepair.of(false, true, false, H + 1, H));
    }

    @Test
    void anExpungeTheDatabaseHasSeenPastRolledBackAndKeepsTheMessage() {
        assertEquals(NONE, JournaledUidRepair.of(true, false, true, H, H));
    }

    @Test
    void anAppendExpungedInTheJournalIsNeverPutBackEvenWhenTheExpungeRolledBack() {
        assertEquals(NONE, JournaledUidRepair.of(false, false, true, H, H));
    }
}
