package org.mailstore.imapd;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The selected mailbox's message sequence numbers: the UIDs in ascending order, sequence number {@code n} being
 * the {@code n}-th. UIDs are at most 2^32-1 (RFC 9051 §2.3.1.1), so each is kept as an unsigned {@code int}: four
 * bytes a message, the only per-session state that grows with the mailbox (a 1,000,000-message mailbox costs
 * 4 MB while selected). Appends come in ascending UID order; expunges compact the array in one pass.
 */
final class UidMap {
    private static final int INITIAL_CAPACITY = 16;

    private int[] uids;
    private int count;

    UidMap(long[] ascending) {
        uids = new int[Math.max(INITIAL_CAPACITY, ascending.length)];
        for (long u : ascending) append(u);
    }

    int count() {
        return count;
    }

    /** The UID of sequence number {@code seq} (1-based). */
    long uid(int seq) {
        return Integer.toUnsignedLong(uids[seq - 1]);
    }

    /** The highest UID, or 0 when empty. */
    long lastUid() {
        return count == 0 ? 0 : uid(count);
    }

    /** The sequence number of {@code uid}, or 0 when it is not in the mailbox (as this session sees it). */
    int seq(long uid) {
        int i = firstAtOrAbove(uid);
        return i < count && uid(i + 1) == uid ? i + 1 : 0;
    }

    /** Every UID, ascending, as a new array: for a SEARCH, which needs them all at once. */
    long[] toArray() {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) out[i] = Integer.toUnsignedLong(uids[i]);
        return out;
    }

    /** Adds a UID above every UID held; returns false (and adds nothing) for one already seen or lower. */
    boolean append(long uid) {
        if (uid <= lastUid()) return false;
        if (count == uids.length) uids = Arrays.copyOf(uids, uids.length + (uids.length >> 1) + 1);
        uids[count++] = (int) uid;
        return true;
    }

    /**
     * Removes the given UIDs (ascending); returns the sequence number each had, in descending order, which is the
     * order in which EXPUNGE responses can be sent with every number valid when it is sent.
     */
    int[] remove(long[] ascendingUids) {
        int[] seqs = new int[ascendingUids.length];
        int found = 0;
        for (long u : ascendingUids) {
            int s = seq(u);
            if (s > 0) seqs[found++] = s;
        }
        if (found == 0) return new int[0];
        int w = seqs[0] - 1;
        int next = 1;
        for (int r = seqs[0]; r < count; r++) {
            if (next < found && r == seqs[next] - 1) {
                next++;
                continue;
            }
            uids[w++] = uids[r];
        }
        count = w;
        int[] descending = new int[found];
        for (int i = 0; i < found; i++) descending[i] = seqs[found - 1 - i];
        return descending;
    }

    /** Marks, in {@code into}, the 0-based indexes of messages whose UID is in {@code [from, to]}. */
    void markUidRange(long from, long to, BitSet into) {
        int a = firstAtOrAbove(from);
        int b = firstAtOrAbove(to + 1);
        if (a < b) into.set(a, b);
    }

    /** How many UIDs lie in {@code [from, toExclusive)}. */
    int countUidRange(long from, long toExclusive) {
        return Math.max(0, firstAtOrAbove(toExclusive) - firstAtOrAbove(from));
    }

    /** The 0-based index of the first UID ≥ {@code uid}, or {@code count}. */
    private int firstAtOrAbove(long uid) {
        int lo = 0, hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Integer.toUnsignedLong(uids[mid]) < uid) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
