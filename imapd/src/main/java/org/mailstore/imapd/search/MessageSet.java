package org.mailstore.imapd.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.mailstore.imapd.command.SequenceSet;

/**
 * A sequence set resolved against the selected mailbox: {@code *} becomes the highest sequence number (or UID),
 * each range is ordered low to high (RFC 9051 §9: {@code 4:2} is {@code 2:4}, and {@code 900:*} with 500 as the
 * highest is {@code 500:900}), and ranges are merged, so a message is looked up by binary search.
 */
final class MessageSet {
    private final long[] lows;
    private final long[] highs;

    private MessageSet(long[] lows, long[] highs) {
        this.lows = lows;
        this.highs = highs;
    }

    static MessageSet of(SequenceSet set, long star) {
        List<long[]> ranges = new ArrayList<>();
        for (SequenceSet.Range r : set.ranges()) {
            long a = r.first() == SequenceSet.STAR ? star : r.first();
            long b = r.last() == SequenceSet.STAR ? star : r.last();
            ranges.add(new long[] {Math.min(a, b), Math.max(a, b)});
        }
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : ranges) {
            if (!merged.isEmpty() && r[0] <= merged.getLast()[1] + 1) {
                merged.getLast()[1] = Math.max(merged.getLast()[1], r[1]);
            } else {
                merged.add(r);
            }
        }
        return new MessageSet(merged.stream().mapToLong(r -> r[0]).toArray(), merged.stream().mapToLong(r -> r[1]).toArray());
    }

    /** The saved search result {@code $}: the UIDs it holds, ascending. */
    static MessageSet ofUids(long[] ascending) {
        return new MessageSet(ascending, ascending);
    }

    boolean contains(long n) {
        int i = Arrays.binarySearch(lows, n);
        if (i >= 0) return true;
        int before = -i - 2;
        return before >= 0 && n <= highs[before];
    }
}
