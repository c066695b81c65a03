package org.mailstore.store;

import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A message's flags: the five storable IMAP system flags and any keywords. System flags are kept
 * in their canonical spelling (RFC 3501 §2.3.2 makes them case-insensitive); keywords keep the case
 * the client gave. \Recent is not storable: it is a property of sessions, not of messages.
 */
public record Flags(boolean seen, boolean answered, boolean flagged, boolean deleted, boolean draft, Set<String> keywords) {
    public static final String SEEN = "\\Seen";
    public static final String ANSWERED = "\\Answered";
    public static final String FLAGGED = "\\Flagged";
    public static final String DELETED = "\\Deleted";
    public static final String DRAFT = "\\Draft";
    public static final int MAX_KEYWORDS = 100;
    public static final int MAX_KEYWORD_LENGTH = 128;
    public static final Flags NONE = new Flags(false, false, false, false, false, Set.of());

    public Flags {
        keywords = Collections.unmodifiableSet(new TreeSet<>(keywords));
    }

    /** Parses IMAP flag names; INVALID_NAME for \Recent, unknown system flags and keywords that are not atoms. */
    public static Flags of(Collection<String> names) {
        boolean seen = false, answered = false, flagged = false, deleted = false, draft = false;
        Set<String> keywords = new TreeSet<>();
        for (String n : names) {
            if (n.startsWith("\\")) {
                switch (n.toLowerCase(Locale.ROOT)) {
                    case "\\seen" -> seen = true;
                    case "\\answered" -> answered = true;
                    case "\\flagged" -> flagged = true;
                    case "\\deleted" -> deleted = true;
                    case "\\draft" -> draft = true;
                    default -> throw invalid(n, "not a storable system flag");
                }
            } else {
                checkKeyword(n);
                keywords.add(n);
            }
        }
        if (keywords.size() > MAX_KEYWORDS) throw invalid(names.toString(), "more than " + MAX_KEYWORDS + " keywords");
        return new Flags(seen, answered, flagged, deleted, draft, keywords);
    }

    /** Flag names, system flags first in canonical spelling, then keywords. */
    public java.util.List<String> names() {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (answered) out.add(ANSWERED);
        if (flagged) out.add(FLAGGED);
        if (deleted) out.add(DELETED);
        if (seen) out.add(SEEN);
        if (draft) out.add(DRAFT);
        out.addAll(keywords);
        return out;
    }

    public Flags plus(Flags o) {
        Set<String> k = new TreeSet<>(keywords);
        k.addAll(o.keywords);
        return new Flags(seen || o.seen, answered || o.answered, flagged || o.flagged, deleted || o.deleted, draft || o.draft, k);
    }

    public Flags minus(Flags o) {
        Set<String> k = new TreeSet<>(keywords);
        k.removeAll(o.keywords);
        return new Flags(seen && !o.seen, answered && !o.answered, flagged && !o.flagged, deleted && !o.deleted, draft && !o.draft, k);
    }

    public Flags withSeen() {
        return new Flags(true, answered, flagged, deleted, draft, keywords);
    }

    private static void checkKeyword(String k) {
        if (k.isEmpty() || k.length() > MAX_KEYWORD_LENGTH) throw invalid(k, "keyword must be 1 to " + MAX_KEYWORD_LENGTH + " characters");
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            // RFC 3501 atom-char minus resp-specials: no CTL, SP, ( ) { % * " \ ]
            if (c <= ' ' || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) throw invalid(k, "keyword is not an IMAP atom");
        }
    }

    private static StoreException invalid(String flag, String why) {
        return new StoreException(StoreException.Reason.INVALID_NAME, "invalid flag '" + flag + "': " + why);
    }
}
