package org.mailstore.store.mime;

/**
 * The {@code blobs.header_search} text of a top-level header (schema V6): what lets PostgreSQL rule out messages
 * for a SEARCH on header fields with a plain {@code strpos()}. CRs are removed, an LF that starts a continuation
 * line is removed (so a folded field is one line, as RFC 5322 unfolding makes it), ASCII A-Z become a-z. It
 * exists only for a header whose decoded text is its bytes: 7-bit, no NUL, no RFC 2047 encoded-word ("=?"); and
 * no backslash, a restriction the SQL twin of this method ({@code mailstore_header_search}, which fills rows
 * written before V6) needs. Every field value of such a header, unfolded and case-folded, is a substring of it.
 */
public final class HeaderSearchText {
    private HeaderSearchText() {}

    /** The search text of {@code header}, or null when its decoded text may differ from its bytes. */
    public static String of(byte[] header) {
        for (int i = 0; i < header.length; i++) {
            byte b = header[i];
            if (b <= 0 || b == '\\' || (b == '=' && i + 1 < header.length && header[i + 1] == '?')) return null;
        }
        StringBuilder out = new StringBuilder(header.length);
        for (int i = 0; i < header.length; i++) {
            char c = (char) header[i];
            if (c == '\r') continue;
            if (c == '\n' && continues(header, i + 1)) continue;
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return out.toString();
    }

    /** Whether the next byte after {@code from} that is not a CR is a space or tab: a continuation line. */
    private static boolean continues(byte[] header, int from) {
        int i = from;
        while (i < header.length && header[i] == '\r') i++;
        return i < header.length && (header[i] == ' ' || header[i] == '\t');
    }
}
