package org.mailstore.imapd.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.SearchKey;
import org.mailstore.store.HeaderSubstring;

class HeaderPrefilterTest {
    private static SearchKey subject(String value) {
        return new SearchKey.Header("Subject", value);
    }

    @Test
    void topLevelHeaderStringsAreCollectedCaseFoldedAsTheNeedleFoldsThem() {
        SearchKey criteria = new SearchKey.And(List.of(subject("Quarterly REPORT"), new SearchKey.FlagSet("\\Seen", false),
                new SearchKey.Header("From", "ALICE"), new SearchKey.Header("X-Tag", "\u212a\u017f")));
        assertEquals(List.of(new HeaderSubstring("Subject", "quarterly report"), new HeaderSubstring("From", "alice"),
                new HeaderSubstring("X-Tag", "ks")), HeaderPrefilter.of(criteria), "KELVIN SIGN folds to k, LONG S to s");
        assertEquals(List.of(new HeaderSubstring("Subject", "stra\u00dfe")), HeaderPrefilter.of(subject("STRA\u00dfE")),
                "no full case folding: ß stays");
    }

    @Test
    void keysThatAreNotANecessaryHeaderConditionContributeNothing() {
        assertEquals(List.of(), HeaderPrefilter.of(new SearchKey.All()));
        assertEquals(List.of(), HeaderPrefilter.of(subject("")), "an empty string matches any message with the field");
        assertEquals(List.of(), HeaderPrefilter.of(new SearchKey.Or(subject("a"), subject("b"))), "either one suffices");
        assertEquals(List.of(), HeaderPrefilter.of(new SearchKey.Not(subject("a"))));
        assertEquals(List.of(), HeaderPrefilter.of(new SearchKey.Text("report")), "TEXT may match the body");
    }
}
