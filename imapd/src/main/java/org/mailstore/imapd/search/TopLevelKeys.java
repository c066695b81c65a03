package org.mailstore.imapd.search;

import java.util.ArrayList;
import java.util.List;
import org.mailstore.imapd.command.SearchKey;

/**
 * The keys a SEARCH's criteria AND together at the top (nested ANDs flattened, OR and NOT kept whole): every match
 * satisfies each of them, which is what lets a prefilter turn one of them into a necessary SQL condition.
 */
final class TopLevelKeys {
    private TopLevelKeys() {}

    static List<SearchKey> of(SearchKey criteria) {
        List<SearchKey> out = new ArrayList<>();
        collect(criteria, out);
        return out;
    }

    private static void collect(SearchKey key, List<SearchKey> out) {
        if (key instanceof SearchKey.And and) {
            for (SearchKey k : and.keys()) collect(k, out);
        } else {
            out.add(key);
        }
    }
}
