package org.mailstore.imapd.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.SearchKey;

class TextPrefilterTest {
    @Test
    void topLevelBodyAndTextStringsAreCollectedFolded() {
        SearchKey criteria = new SearchKey.And(List.of(new SearchKey.Body("Quarterly REPORT"), new SearchKey.FlagSet("\\Seen", false),
                new SearchKey.Text("K\u00d6LN"), new SearchKey.Header("Subject", "ignored here")));
        assertEquals(List.of("quarterly report", "k\u00f6ln"), TextPrefilter.of(criteria));
    }

    @Test
    void stringsTheIndexCannotDecideContributeNothing() {
        assertEquals(List.of(), TextPrefilter.of(new SearchKey.Body("ab")), "shorter than a trigram");
        assertEquals(List.of("日本語"), TextPrefilter.of(new SearchKey.Body("日本語")), "three code points");
        assertEquals(List.of(), TextPrefilter.of(new SearchKey.Body("a\0bc")), "NUL is not in the stored text");
        assertEquals(List.of(), TextPrefilter.of(new SearchKey.Body("ab\ud800cd")), "an unpaired surrogate");
        assertEquals(List.of(), TextPrefilter.of(new SearchKey.Or(new SearchKey.Body("abc"), new SearchKey.Body("def"))));
        assertEquals(List.of(), TextPrefilter.of(new SearchKey.Not(new SearchKey.Text("abc"))));
    }
}
