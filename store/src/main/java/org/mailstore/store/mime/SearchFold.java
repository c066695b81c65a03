package org.mailstore.store.mime;

/**
 * How SEARCH compares strings (RFC 9051 §6.4.4: substrings without regard to case): both sides folded code point
 * by code point with {@code toLowerCase(toUpperCase(c))}, Java's closest to Unicode simple case folding, so
 * "STRASSE" does not match "straße" but "ΣΊΣΥΦΟΣ" matches "σίσυφος". The evaluator in imapd and the stored
 * search text ({@link SearchText}) fold with this one method, which is what lets the text decide candidates.
 */
public final class SearchFold {
    private SearchFold() {}

    public static int fold(int codePoint) {
        return Character.toLowerCase(Character.toUpperCase(codePoint));
    }

    /** Every code point of {@code s} folded. */
    public static String fold(CharSequence s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().map(SearchFold::fold).forEach(sb::appendCodePoint);
        return sb.toString();
    }
}
