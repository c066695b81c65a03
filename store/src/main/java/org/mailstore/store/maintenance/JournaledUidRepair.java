package org.mailstore.store.maintenance;

/**
 * What the journal's records of one UID call for, given what the database shows of it: the rules shared by the
 * reconciler's message phase and serve's settling of its previous run's journal tail (DESIGN.md, "Reconciler"), so the
 * two cannot come to different verdicts on the same UID.
 *
 * <p>{@code highestModseq} is the mailbox's HIGHESTMODSEQ in the database before the repair. A journaled expunge above
 * it is one the database has not seen, so it is carried out; at or below it, the database has seen past that change
 * and still holds the message (the expunge's transaction rolled back), so nothing is done. A UID the database neither
 * holds nor has recorded as expunged, and that the journal does not show expunged, is put back (if its blob is there;
 * that is the caller's to check). Conflicts between the journal's blob and the row's are the reconciler's alone.
 */
public enum JournaledUidRepair {
    /** Nothing to write. */
    NONE,
    /** Put the journaled message back at its UID. */
    PUT_BACK,
    /** Carry out the journaled expunge: remove the row if there is one, record the UID as expunged. */
    EXPUNGE;

    /**
     * @param held             the database has a row for the UID
     * @param recordedExpunged the database records the UID as expunged
     * @param appended         the journal has an append of the UID
     * @param expungedAt       the highest MODSEQ of a journaled expunge of the UID; 0 when there is none
     * @param highestModseq    the mailbox's HIGHESTMODSEQ before the repair
     */
    public static JournaledUidRepair of(boolean held, boolean recordedExpunged, boolean appended, long expungedAt, long highestModseq) {
        if (expungedAt > highestModseq) return held || !recordedExpunged ? EXPUNGE : NONE;
        if (held || recordedExpunged || expungedAt > 0 || !appended) return NONE;
        return PUT_BACK;
    }
}
