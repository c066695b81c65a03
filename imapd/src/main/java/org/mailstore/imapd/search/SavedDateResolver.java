package org.mailstore.imapd.search;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.mailstore.imapd.command.SearchKey;
import org.mailstore.imapd.command.SequenceSet;

/**
 * Turns SAVEDBEFORE, SAVEDON and SAVEDSINCE (RFC 8514) into UID sets before a SEARCH is evaluated: the save date is
 * not part of the message row the evaluator sees, and PostgreSQL filters on it in one query per key. The calendar
 * date is taken in the server's zone, as BEFORE/ON/SINCE take the internal date's. Criteria without such a key are
 * returned as they are, at no cost.
 */
public final class SavedDateResolver {
    /** The store's filter: UIDs saved at or after {@code from} and before {@code to}; null means unbounded. */
    @FunctionalInterface
    public interface SavedBetween {
        long[] uids(Instant from, Instant to);
    }

    private static final SearchKey NOTHING = new SearchKey.Not(new SearchKey.All());

    private SavedDateResolver() {}

    public static SearchKey resolve(SearchKey key, ZoneId zone, SavedBetween store) {
        return switch (key) {
            case SearchKey.SavedDate d -> uidSet(query(d, zone, store));
            case SearchKey.And and -> {
                List<SearchKey> keys = new ArrayList<>(and.keys().size());
                boolean changed = false;
                for (SearchKey k : and.keys()) {
                    SearchKey r = resolve(k, zone, store);
                    changed |= r != k;
                    keys.add(r);
                }
                yield changed ? new SearchKey.And(keys) : and;
            }
            case SearchKey.Or or -> {
                SearchKey l = resolve(or.left(), zone, store), r = resolve(or.right(), zone, store);
                yield l == or.left() && r == or.right() ? or : new SearchKey.Or(l, r);
            }
            case SearchKey.Not not -> {
                SearchKey r = resolve(not.key(), zone, store);
                yield r == not.key() ? not : new SearchKey.Not(r);
            }
            default -> key;
        };
    }

    private static long[] query(SearchKey.SavedDate d, ZoneId zone, SavedBetween store) {
        Instant dayStart = startOf(d.date(), zone), nextDay = startOf(d.date().plusDays(1), zone);
        return switch (d.comparison()) {
            case BEFORE -> store.uids(null, dayStart);
            case ON -> store.uids(dayStart, nextDay);
            case SINCE -> store.uids(dayStart, null);
        };
    }

    private static Instant startOf(LocalDate date, ZoneId zone) {
        return date.atStartOfDay(zone).toInstant();
    }

    /** Ascending UIDs as a UID key, consecutive ones as one range; none as a key nothing matches. */
    static SearchKey uidSet(long[] ascending) {
        if (ascending.length == 0) return NOTHING;
        List<SequenceSet.Range> ranges = new ArrayList<>();
        long first = ascending[0], last = first;
        for (int i = 1; i < ascending.length; i++) {
            if (ascending[i] == last + 1) {
                last = ascending[i];
            } else {
                ranges.add(new SequenceSet.Range(first, last));
                first = last = ascending[i];
            }
        }
        ranges.add(new SequenceSet.Range(first, last));
        return new SearchKey.Messages(SequenceSet.of(ranges), true);
    }
}
