package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class UidMapTest {
    @Test
    void sequenceNumbersFollowUidOrder() {
        UidMap m = new UidMap(new long[] {3, 7, 10});
        assertEquals(3, m.count());
        assertEquals(7, m.uid(2));
        assertEquals(2, m.seq(7));
        assertEquals(0, m.seq(8));
        assertEquals(10, m.lastUid());
    }

    @Test
    void uidsAboveTwoToTheThirtyOneAreKeptUnsigned() {
        long big = 4_294_967_295L;
        UidMap m = new UidMap(new long[] {1, 2_147_483_648L, big});
        assertEquals(big, m.uid(3));
        assertEquals(3, m.seq(big));
        assertEquals(2, m.seq(2_147_483_648L));
        assertEquals(big, m.lastUid());
    }

    @Test
    void appendOnlyTakesHigherUids() {
        UidMap m = new UidMap(new long[] {5});
        assertFalse(m.append(5));
        assertFalse(m.append(4));
        for (long u = 6; u < 100; u++) assertTrue(m.append(u));
        assertEquals(95, m.count());
        assertEquals(99, m.lastUid());
    }

    @Test
    void removeReturnsSequenceNumbersDescendingAndCompacts() {
        UidMap m = new UidMap(new long[] {1, 2, 3, 4, 5, 6});
        assertArrayEquals(new int[] {5, 4, 2}, m.remove(new long[] {2, 4, 5, 99}));
        assertEquals(3, m.count());
        assertEquals(1, m.uid(1));
        assertEquals(3, m.uid(2));
        assertEquals(6, m.uid(3));
        assertArrayEquals(new int[0], m.remove(new long[] {2}));
    }

    @Test
    void uidRangesMarkIndexesOfPresentUids() {
        UidMap m = new UidMap(new long[] {2, 4, 6, 8});
        BitSet b = new BitSet();
        m.markUidRange(3, 6, b);
        assertEquals("{1, 2}", b.toString());
        assertEquals(2, m.countUidRange(3, 7));
        assertEquals(0, m.countUidRange(9, 20));
    }
}
