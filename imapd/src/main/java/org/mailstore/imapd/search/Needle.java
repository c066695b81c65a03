package org.mailstore.imapd.search;

import org.mailstore.store.mime.SearchFold;

/**
 * A SEARCH string, matched as a substring without regard to case (RFC 9051 §6.4.4). Both sides are folded code
 * point by code point by {@link SearchFold} (shared with the store's search text). Text streams through a {@link Scan}
 * (Knuth-Morris-Pratt), so a body of any size is searched in constant memory.
 */
final class Needle {
    private final String text;
    private final int[] pattern;
    private final int[] failure;

    Needle(String text) {
        this.text = text;
        this.pattern = text.codePoints().map(Needle::fold).toArray();
        this.failure = failureTable(pattern);
    }

    String text() {
        return text;
    }

    boolean isEmpty() {
        return pattern.length == 0;
    }

    boolean foundIn(String haystack) {
        Scan scan = scan();
        scan.feed(haystack);
        return scan.found();
    }

    Scan scan() {
        return new Scan();
    }

    static int fold(int codePoint) {
        return SearchFold.fold(codePoint);
    }

    /** One pass over a text fed in pieces. */
    final class Scan {
        private int matched;
        private boolean found = pattern.length == 0;
        private char pendingHigh;

        void feed(CharSequence chars) {
            for (int i = 0; i < chars.length() && !found; i++) feed(chars.charAt(i));
        }

        void feed(char c) {
            if (found) return;
            int cp;
            if (Character.isHighSurrogate(c)) {
                pendingHigh = c;
                return;
            } else if (Character.isLowSurrogate(c) && pendingHigh != 0) {
                cp = Character.toCodePoint(pendingHigh, c);
            } else {
                cp = c;
            }
            pendingHigh = 0;
            step(fold(cp));
        }

        /** Feeds a boundary between two texts, so a match cannot span them. */
        void separate() {
            matched = 0;
            pendingHigh = 0;
        }

        boolean found() {
            return found;
        }

        private void step(int cp) {
            while (matched > 0 && pattern[matched] != cp) matched = failure[matched - 1];
            if (pattern[matched] == cp) matched++;
            if (matched == pattern.length) found = true;
        }
    }

    private static int[] failureTable(int[] p) {
        int[] f = new int[p.length];
        int k = 0;
        for (int i = 1; i < p.length; i++) {
            while (k > 0 && p[k] != p[i]) k = f[k - 1];
            if (p[k] == p[i]) k++;
            f[i] = k;
        }
        return f;
    }
}
