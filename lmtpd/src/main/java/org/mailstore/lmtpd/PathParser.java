package org.mailstore.lmtpd;

/**
 * RFC 5321 §4.1.2 paths: {@code <[@route,@route:]local@domain>}. The source route is accepted and
 * dropped (§4.1.1.3 asks servers to ignore it). A little more lenient than the grammar where
 * real mail needs it (consecutive dots in a local part, underscores in domains), never about
 * characters that could break a reply or a header line: everything returned is printable ASCII
 * without spaces outside a quoted local part.
 */
final class PathParser {
    /** RFC 5321 §4.5.3.1.3: a path is at most 256 octets including the brackets. */
    static final int MAX_PATH = 256;
    static final String POSTMASTER = "postmaster";

    /** The mailbox inside the brackets (empty for {@code <>}) and the index just after {@code >}. */
    record Path(String mailbox, int end) {}

    private final String s;
    private int i;

    private PathParser(String s, int from) {
        this.s = s;
        this.i = from;
    }

    /** The path starting at {@code from}, or null when there is none. {@code <>} only when {@code allowNull}. */
    static Path parse(String s, int from, boolean allowNull) {
        return new PathParser(s, from).path(allowNull);
    }

    private Path path(boolean allowNull) {
        int start = i;
        if (!eat('<')) return null;
        if (eat('>')) return allowNull ? new Path("", i) : null;
        if (peek() == '@' && !route()) return null;
        int mailboxStart = i;
        if (!localPart()) return null;
        String local = s.substring(mailboxStart, i);
        if (eat('>')) {
            // RFC 5321 §4.5.1: <Postmaster> without a domain must be accepted.
            return local.equalsIgnoreCase(POSTMASTER) && i - start <= MAX_PATH ? new Path(local, i) : null;
        }
        if (!eat('@') || !domain()) return null;
        String mailbox = s.substring(mailboxStart, i);
        if (!eat('>') || i - start > MAX_PATH) return null;
        return new Path(mailbox, i);
    }

    private boolean route() {
        do {
            if (!eat('@') || !domain()) return false;
        } while (eat(','));
        return eat(':');
    }

    private boolean localPart() {
        if (eat('"')) {
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') return true;
                if (c == '\\') {
                    if (i >= s.length() || !printable(s.charAt(i))) return false;
                    i++;
                } else if (!printable(c)) {
                    return false;
                }
            }
            return false;
        }
        int start = i;
        while (i < s.length() && (atext(s.charAt(i)) || s.charAt(i) == '.')) i++;
        return i > start;
    }

    private boolean domain() {
        if (eat('[')) {
            int start = i;
            while (i < s.length() && literal(s.charAt(i))) i++;
            return i > start && eat(']');
        }
        int start = i;
        while (i < s.length() && domainChar(s.charAt(i))) i++;
        return i > start && s.charAt(start) != '.' && s.charAt(i - 1) != '.' && s.charAt(start) != '-';
    }

    private char peek() {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private boolean eat(char c) {
        if (peek() != c) return false;
        i++;
        return true;
    }

    private static boolean printable(char c) {
        return c >= 0x20 && c <= 0x7e;
    }

    /** RFC 5322 atext. */
    private static boolean atext(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+/=?^_`{|}~-".indexOf(c) >= 0;
    }

    private static boolean domainChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_';
    }

    private static boolean literal(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == ':' || c == '-';
    }
}
