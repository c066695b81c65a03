package org.mailstore.imapd.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.SearchKey;
import org.mailstore.store.Flags;

class FlagPrefilterTest {
    private static SearchKey flag(String name, boolean set) {
        return new SearchKey.FlagSet(name, set);
    }

    private static Optional<FlagPrefilter> of(SearchKey key) {
        return FlagPrefilter.of(key);
    }

    private static FlagPrefilter expected(List<String> with, List<String> without) {
        return new FlagPrefilter(Flags.of(with), Flags.of(without));
    }

    @Test
    void aSingleFlagKeyIsRequired() {
        assertEquals(Optional.of(expected(List.of("\\Flagged"), List.of())), of(flag("\\Flagged", true)));
        assertEquals(Optional.of(expected(List.of(), List.of("\\Seen"))), of(flag("\\SEEN", false)), "UNSEEN, any case");
    }

    @Test
    void topLevelConjunctionAndNegatedFlagsAreCollected() {
        SearchKey criteria = new SearchKey.And(List.of(flag("\\Deleted", true), new SearchKey.Not(flag("\\Answered", true)),
                new SearchKey.Size(true, 100), new SearchKey.Not(flag("\\Draft", false))));
        assertEquals(Optional.of(expected(List.of("\\Deleted", "\\Draft"), List.of("\\Answered"))), of(criteria));
    }

    @Test
    void keysThatAreNotANecessaryFlagConditionContributeNothing() {
        assertEquals(Optional.empty(), of(new SearchKey.All()));
        assertEquals(Optional.empty(), of(new SearchKey.Or(flag("\\Flagged", true), flag("\\Seen", true))), "either one suffices");
        assertEquals(Optional.empty(), of(flag("$Work", true)), "keywords stay with the evaluator");
        assertEquals(Optional.empty(), of(new SearchKey.Recent()));
        assertEquals(Optional.empty(), of(new SearchKey.Not(new SearchKey.And(List.of(flag("\\Seen", true), flag("\\Flagged", true))))),
                "NOT (SEEN FLAGGED) needs neither");
        assertEquals(Optional.empty(), of(new SearchKey.Not(new SearchKey.Not(flag("\\Seen", true)))), "only one level of NOT is read");
    }

    @Test
    void aContradictionRequiresAndExcludesTheSameFlag() {
        assertEquals(Optional.of(expected(List.of("\\Flagged"), List.of("\\Flagged"))),
                of(new SearchKey.And(List.of(flag("\\Flagged", true), flag("\\Flagged", false)))));
    }
}
