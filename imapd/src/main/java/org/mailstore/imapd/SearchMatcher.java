package org.mailstore.imapd;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import org.mailstore.imapd.command.SearchKey;
import org.mailstore.store.BlobMetadata;
import org.mailstore.store.Flags;
import org.mailstore.store.MessageView;

/**
 * STAND-IN for the search helper's SearchEvaluator: flags, sizes, internal dates, message sets and header
 * substrings from the cached header; BODY, TEXT and sent dates never match here.
 */
final class SearchMatcher {
    private final SearchKey criteria;
    /** Message-set keys resolved to UIDs once, before the scan. */
    private final Map<SearchKey.Messages, long[]> sets = new IdentityHashMap<>();

    SearchMatcher(SearchKey criteria, SelectedMailbox box) throws BadCommandException {
        this.criteria = criteria;
        resolve(criteria, box);
    }

    boolean needsMetadata() {
        return needs(criteria);
    }

    boolean matches(MessageView v, boolean recent, BlobMetadata m) {
        return eval(criteria, v, recent, m);
    }

    private void resolve(SearchKey k, SelectedMailbox box) throws BadCommandException {
        switch (k) {
            case SearchKey.Messages ms -> sets.put(ms, box.resolve(ms.set(), ms.uid()));
            case SearchKey.And a -> {
                for (SearchKey x : a.keys()) resolve(x, box);
            }
            case SearchKey.Or o -> {
                resolve(o.left(), box);
                resolve(o.right(), box);
            }
            case SearchKey.Not n -> resolve(n.key(), box);
            default -> { }
        }
    }

    private static boolean needs(SearchKey k) {
        return switch (k) {
            case SearchKey.Header h -> true;
            case SearchKey.And a -> a.keys().stream().anyMatch(SearchMatcher::needs);
            case SearchKey.Or o -> needs(o.left()) || needs(o.right());
            case SearchKey.Not n -> needs(n.key());
            default -> false;
        };
    }

    private boolean eval(SearchKey k, MessageView v, boolean recent, BlobMetadata m) {
        return switch (k) {
            case SearchKey.All a -> true;
            case SearchKey.And a -> a.keys().stream().allMatch(x -> eval(x, v, recent, m));
            case SearchKey.Or o -> eval(o.left(), v, recent, m) || eval(o.right(), v, recent, m);
            case SearchKey.Not n -> !eval(n.key(), v, recent, m);
            case SearchKey.Messages ms -> java.util.Arrays.binarySearch(sets.get(ms), v.uid()) >= 0;
            case SearchKey.FlagSet f -> hasFlag(v.flags(), f.flag()) == f.set();
            case SearchKey.Recent r -> recent;
            case SearchKey.DateCompare d -> !d.sent() && compare(v.internalDate().atZone(ZoneOffset.UTC).toLocalDate(), d);
            case SearchKey.Size s -> s.larger() ? v.size() > s.size() : v.size() < s.size();
            case SearchKey.Header h -> m != null && headerContains(m, h.field(), h.value());
            case SearchKey.Body b -> false;
            case SearchKey.Text t -> false;
        };
    }

    private static boolean compare(LocalDate date, SearchKey.DateCompare d) {
        return switch (d.comparison()) {
            case BEFORE -> date.isBefore(d.date());
            case ON -> date.equals(d.date());
            case SINCE -> !date.isBefore(d.date());
        };
    }

    private static boolean hasFlag(Flags f, String flag) {
        return switch (flag.toLowerCase(Locale.ROOT)) {
            case "\\seen" -> f.seen();
            case "\\answered" -> f.answered();
            case "\\flagged" -> f.flagged();
            case "\\deleted" -> f.deleted();
            case "\\draft" -> f.draft();
            default -> f.keywords().stream().anyMatch(x -> x.equalsIgnoreCase(flag));
        };
    }

    private static boolean headerContains(BlobMetadata m, String field, String value) {
        String header = new String(m.header(), StandardCharsets.UTF_8).replace("\r\n ", " ").replace("\r\n\t", " ");
        String prefix = field.toLowerCase(Locale.ROOT) + ":";
        for (String line : header.split("\r?\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(prefix)
                    && line.substring(prefix.length()).toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
