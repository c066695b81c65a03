package org.mailstore.imapd.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mailstore.imapd.command.SearchKey;
import org.mailstore.store.Flags;

/**
 * The system flags every match of a SEARCH must have ({@code with}) or lack ({@code without}), read from the keys the
 * criteria AND together at the top (SEARCH FLAGGED, UNSEEN DELETED, NOT ANSWERED SINCE ...). PostgreSQL can filter the
 * mailbox's rows on them, so the evaluator only sees the candidates. It is only ever a necessary condition: the
 * evaluator still checks every key, so a criterion this does not understand (OR, keywords, \Recent) just contributes
 * nothing here. A contradiction (FLAGGED UNFLAGGED) yields both, which no row satisfies, as none would match.
 */
public record FlagPrefilter(Flags with, Flags without) {
    /** The prefilter of {@code criteria}, or empty when no top-level key is a system flag. */
    public static Optional<FlagPrefilter> of(SearchKey criteria) {
        List<String> with = new ArrayList<>(), without = new ArrayList<>();
        collect(criteria, true, with, without);
        if (with.isEmpty() && without.isEmpty()) return Optional.empty();
        return Optional.of(new FlagPrefilter(Flags.of(with), Flags.of(without)));
    }

    private static void collect(SearchKey key, boolean positive, List<String> with, List<String> without) {
        switch (key) {
            case SearchKey.And and -> {
                if (positive) for (SearchKey k : and.keys()) collect(k, true, with, without);
            }
            case SearchKey.Not not -> {
                if (not.key() instanceof SearchKey.FlagSet) collect(not.key(), !positive, with, without);
            }
            case SearchKey.FlagSet f -> {
                if (!isSystemFlag(f.flag())) return;
                (f.set() == positive ? with : without).add(f.flag());
            }
            default -> { }
        }
    }

    private static boolean isSystemFlag(String flag) {
        return switch (flag.toLowerCase(Locale.ROOT)) {
            case "\\seen", "\\answered", "\\flagged", "\\deleted", "\\draft" -> true;
            default -> false;
        };
    }
}
