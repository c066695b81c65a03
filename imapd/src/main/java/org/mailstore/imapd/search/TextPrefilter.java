package org.mailstore.imapd.search;

import java.util.ArrayList;
import java.util.List;
import org.mailstore.imapd.command.SearchKey;
import org.mailstore.store.mime.SearchFold;

/**
 * The strings every match of a SEARCH must have in its text, read from the BODY and TEXT keys the criteria AND
 * together at the top, each folded as {@link Needle} folds it. PostgreSQL rules out the messages whose stored
 * search text ({@code blob_text}, {@link org.mailstore.store.mime.SearchText}) lacks one of them, through
 * pg_trgm's index (see {@code Messages.candidateUids}). A necessary condition only, like {@link HeaderPrefilter}:
 * keys under OR or NOT contribute nothing, nor do strings shorter than {@link #MIN_CODE_POINTS} (no trigram to
 * look up: the scan would read every text anyway) or holding NUL (which the stored text cannot hold) or an unpaired surrogate.
 */
public final class TextPrefilter {
    /** pg_trgm indexes three-character pieces: a shorter needle cannot narrow through the index. */
    public static final int MIN_CODE_POINTS = 3;

    private TextPrefilter() {}

    /** The folded strings of the top-level BODY and TEXT keys of {@code criteria}; empty when there are none. */
    public static List<String> of(SearchKey criteria) {
        List<String> out = new ArrayList<>();
        for (SearchKey key : TopLevelKeys.of(criteria)) {
            switch (key) {
                case SearchKey.Body b -> add(b.value(), out);
                case SearchKey.Text t -> add(t.value(), out);
                default -> { }
            }
        }
        return List.copyOf(out);
    }

    private static void add(String value, List<String> out) {
        if (value.codePointCount(0, value.length()) < MIN_CODE_POINTS) return;
        // NUL is not in the stored text; an unpaired surrogate the scan drops would reach SQL as '?'
        if (value.codePoints().anyMatch(cp -> cp == 0 || cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) return;
        out.add(SearchFold.fold(value));
    }
}
