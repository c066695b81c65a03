package org.mailstore.imapd.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.SearchKey;
import org.mailstore.imapd.command.SearchKey.Comparison;
import org.mailstore.imapd.command.SequenceSet;
import org.mailstore.imapd.command.SequenceSet.Range;

class SavedDateResolverTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final LocalDate DAY = LocalDate.of(2026, 3, 29); // the day Berlin moves to summer time: 23 hours

    /** Records the store queries and answers each with {@code answer}. */
    private static final class Store implements SavedDateResolver.SavedBetween {
        final List<String> queries = new ArrayList<>();
        final long[] answer;

        Store(long... answer) {
            this.answer = answer;
        }

        public long[] uids(Instant from, Instant to) {
            queries.add(from + " " + to);
            return answer;
        }
    }

    private static SearchKey uids(Range... ranges) {
        return new SearchKey.Messages(SequenceSet.of(List.of(ranges)), true);
    }

    @Test
    void eachComparisonAsksForTheDaysBoundsInTheServersZone() {
        Store store = new Store(3, 4, 5, 9, 11, 12);
        SearchKey want = uids(new Range(3, 5), new Range(9, 9), new Range(11, 12));
        assertEquals(want, SavedDateResolver.resolve(new SearchKey.SavedDate(Comparison.BEFORE, DAY), ZONE, store));
        assertEquals(want, SavedDateResolver.resolve(new SearchKey.SavedDate(Comparison.ON, DAY), ZONE, store));
        assertEquals(want, SavedDateResolver.resolve(new SearchKey.SavedDate(Comparison.SINCE, DAY), ZONE, store));
        assertEquals(List.of("null 2026-03-28T23:00:00Z", "2026-03-28T23:00:00Z 2026-03-29T22:00:00Z",
                "2026-03-28T23:00:00Z null"), store.queries);
    }

    @Test
    void nothingSavedMatchesNothingAndKeysInsideOrNotAndAndAreReplaced() {
        Store store = new Store();
        SearchKey nothing = new SearchKey.Not(new SearchKey.All());
        SearchKey flagged = new SearchKey.FlagSet("\\Flagged", true);
        SearchKey saved = new SearchKey.SavedDate(Comparison.ON, DAY);
        assertEquals(new SearchKey.And(List.of(flagged, new SearchKey.Or(nothing, new SearchKey.Not(nothing)))),
                SavedDateResolver.resolve(new SearchKey.And(List.of(flagged, new SearchKey.Or(saved, new SearchKey.Not(saved)))), ZONE, store));
        assertEquals(2, store.queries.size());
    }

    @Test
    void criteriaWithoutSavedKeysAreReturnedAsTheyAreWithoutAQuery() {
        Store store = new Store(1);
        SearchKey criteria = new SearchKey.And(List.of(new SearchKey.Or(new SearchKey.Recent(), new SearchKey.Not(new SearchKey.All())),
                new SearchKey.SaveDateSupported()));
        assertSame(criteria, SavedDateResolver.resolve(criteria, ZONE, store));
        assertEquals(List.of(), store.queries);
    }
}
