package org.mailstore.imapd.sort;

import java.util.Comparator;
import java.util.List;
import org.mailstore.imapd.command.ImapCommand.SortCriterion;

/**
 * RFC 5256 §3 SORT: orders message indexes by the sort program, each key as §3 defines it (DATE is the sent date,
 * with INTERNALDATE when there is none; strings compare under i;ascii-casemap), REVERSE flipping only its own key,
 * and messages equal on every key in mailbox order.
 */
public final class SortOrder {
    private SortOrder() {}

    public static int[] of(MessageKeys keys, List<SortCriterion> program) {
        Comparator<Integer> order = null;
        for (SortCriterion c : program) {
            Comparator<Integer> key = key(keys, c);
            order = order == null ? key : order.thenComparing(key);
        }
        Comparator<Integer> full = order == null ? Comparator.naturalOrder() : order.thenComparing(Comparator.naturalOrder());
        Integer[] indexes = new Integer[keys.count()];
        for (int i = 0; i < indexes.length; i++) indexes[i] = i;
        java.util.Arrays.sort(indexes, full);
        int[] out = new int[indexes.length];
        for (int i = 0; i < out.length; i++) out[i] = indexes[i];
        return out;
    }

    private static Comparator<Integer> key(MessageKeys k, SortCriterion c) {
        Comparator<Integer> key = switch (c.key()) {
            case ARRIVAL -> (a, b) -> Long.compare(k.arrival(a), k.arrival(b));
            case DATE -> (a, b) -> Long.compare(k.sent(a), k.sent(b));
            case SIZE -> (a, b) -> Long.compare(k.size(a), k.size(b));
            case SUBJECT -> (a, b) -> MessageKeys.compareStrings(k.subject(a), k.subject(b));
            case FROM -> (a, b) -> MessageKeys.compareStrings(k.from(a), k.from(b));
            case TO -> (a, b) -> MessageKeys.compareStrings(k.to(a), k.to(b));
            case CC -> (a, b) -> MessageKeys.compareStrings(k.cc(a), k.cc(b));
            case DISPLAYFROM -> (a, b) -> MessageKeys.compareStrings(k.displayFrom(a), k.displayFrom(b));
            case DISPLAYTO -> (a, b) -> MessageKeys.compareStrings(k.displayTo(a), k.displayTo(b));
        };
        return c.reverse() ? key.reversed() : key;
    }
}
