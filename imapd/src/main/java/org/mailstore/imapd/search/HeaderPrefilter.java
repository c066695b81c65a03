package org.mailstore.imapd.search;

import java.util.ArrayList;
import java.util.List;
import org.mailstore.imapd.command.SearchKey;
import org.mailstore.store.HeaderSubstring;

/**
 * The strings every match of a SEARCH must have in a header field, with the field, read from the header keys (SUBJECT, FROM, TO,
 * CC, BCC, HEADER) the criteria AND together at the top, each case-folded as {@link Needle} folds it. PostgreSQL
 * rules out the messages whose cached header cannot contain them (see {@code Messages.candidateUids}). Like
 * {@link FlagPrefilter} it is only a necessary condition: the evaluator still checks every key of every candidate,
 * so keys under OR or NOT, TEXT (which may match the body) and empty strings (which match any message with the
 * field) just contribute nothing here.
 */
public final class HeaderPrefilter {
    private HeaderPrefilter() {}

    /** The fields and folded strings of the top-level header keys of {@code criteria}; empty when there are none. */
    public static List<HeaderSubstring> of(SearchKey criteria) {
        List<HeaderSubstring> out = new ArrayList<>();
        for (SearchKey key : TopLevelKeys.of(criteria)) {
            if (key instanceof SearchKey.Header h && !h.value().isEmpty()) out.add(new HeaderSubstring(h.field(), folded(h.value())));
        }
        return List.copyOf(out);
    }

    private static String folded(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().map(Needle::fold).forEach(sb::appendCodePoint);
        return sb.toString();
    }
}
