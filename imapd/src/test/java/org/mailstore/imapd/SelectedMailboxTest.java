package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.SequenceSet;
import org.mailstore.imapd.command.SequenceSet.Range;
import org.mailstore.store.KnownMailbox;

class SelectedMailboxTest {
    private final SelectedMailbox box = new SelectedMailbox(1, "INBOX", false, 42, new long[] {10, 20, 30, 40}, 1);

    private static SequenceSet set(Range... ranges) {
        return SequenceSet.of(List.of(ranges));
    }

    @Test
    void messageNumbersAndStarResolveToUids() throws BadCommandException {
        assertArrayEquals(new long[] {20, 30, 40}, box.resolve(set(new Range(2, SequenceSet.STAR)), false));
        assertArrayEquals(new long[] {10, 40}, box.resolve(set(Range.single(4), Range.single(1), Range.single(4)), false));
        assertArrayEquals(new long[] {20, 30}, box.resolve(set(new Range(3, 2)), false));
    }

    @Test
    void messageNumberBeyondTheMailboxIsBad() {
        BadCommandException e = assertThrows(BadCommandException.class, () -> box.resolve(set(new Range(1, 5)), false));
        assertEquals("Invalid message sequence number: 5", e.getMessage());
        assertThrows(BadCommandException.class, () -> box.resolve(set(Range.single(0)), false));
    }

    @Test
    void uidSetsSkipMissingUidsAndStarIsTheHighest() throws BadCommandException {
        assertArrayEquals(new long[] {20, 30}, box.resolve(set(new Range(11, 35)), true));
        assertArrayEquals(new long[] {40}, box.resolve(set(new Range(100, SequenceSet.STAR)), true));
        assertArrayEquals(new long[0], box.resolve(set(Range.single(15)), true));
    }

    @Test
    void starInAnEmptyMailboxNamesNothing() throws BadCommandException {
        SelectedMailbox empty = new SelectedMailbox(1, "INBOX", false, 42, new long[0], 1);
        assertArrayEquals(new long[0], empty.resolve(set(new Range(1, SequenceSet.STAR)), false));
        assertArrayEquals(new long[0], empty.resolve(set(new Range(1, SequenceSet.STAR)), true));
    }

    @Test
    void savedResultKeepsOnlyUidsStillPresent() throws BadCommandException {
        box.saved(new long[] {20, 25, 40});
        box.uids.remove(new long[] {40});
        assertArrayEquals(new long[] {20}, box.resolve(SequenceSet.savedResult(), false));
    }

    @Test
    void recentCountsOnlyClaimedUidsThatArePresent() {
        box.claimRecent(30, 51);
        assertEquals(2, box.recentCount());
        assertEquals(true, box.isRecent(30));
        assertEquals(false, box.isRecent(20));
    }

    @Test
    void whatTheSessionKnowsLeavesOutTheExpungesItHasNotReported() {
        box.knownModseq(9);
        box.pendingExpunges(new long[] {20, 40});
        KnownMailbox known = box.known();
        assertEquals(List.of(1L, 42L, 9L), List.of(known.mailboxId(), known.uidValidity(), known.modseq()));
        assertArrayEquals(new long[] {10, 30}, known.uids());
        assertArrayEquals(new long[] {10, 20, 30, 40}, box.uids.toArray(), "the map itself keeps them until reported");
    }
}
