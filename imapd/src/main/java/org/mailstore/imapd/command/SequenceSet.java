package org.mailstore.imapd.command;

import java.util.List;

/**
 * A sequence set as sent (RFC 9051 §9 {@code sequence-set}): ranges whose ends may be {@link #STAR} ("the largest
 * number in use"), or {@code $}, the result saved by {@code SEARCH RETURN (SAVE)} (RFC 5182). Resolving it against a
 * mailbox is the session's job: the numbers may be message sequence numbers or UIDs depending on the command.
 */
public record SequenceSet(List<Range> ranges, boolean saved) {
    /** Stands for {@code *}. Real numbers are 1..4294967295. */
    public static final long STAR = -1;

    public SequenceSet {
        ranges = List.copyOf(ranges);
        if (saved != ranges.isEmpty()) {
            throw new IllegalArgumentException("a sequence set is either $ or a non-empty list of ranges");
        }
    }

    public static SequenceSet savedResult() {
        return new SequenceSet(List.of(), true);
    }

    public static SequenceSet of(List<Range> ranges) {
        return new SequenceSet(ranges, false);
    }

    /** {@code first:last} in the order sent; a single number has {@code first == last}. Either may be {@link #STAR}. */
    public record Range(long first, long last) {
        public static Range single(long n) {
            return new Range(n, n);
        }
    }
}
