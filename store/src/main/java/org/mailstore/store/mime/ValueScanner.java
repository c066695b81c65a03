package org.mailstore.store.mime;

/**
 * The RFC 5322 / RFC 2045 lexical layer over one unfolded header value: comments and white space,
 * atoms, dot-atoms, quoted strings, phrases and MIME tokens. Lenient by design: an unterminated quoted
 * string or comment runs to the end of the value, and no method ever throws; callers check
 * {@link #atEnd()} and {@link #peek()} and resynchronise themselves.
 *
 * <p>Characters above U+007F count as atom and token characters, as in Dovecot, so 8-bit names survive.
 */
final class ValueScanner {

    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";
    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

    private final String text;
    private int pos;
    private String lastComment = "";

    ValueScanner(String text) {
        this.text = text;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    /** The current character, or NUL at the end (NUL never occurs in a sanitised value). */
    char peek() {
        return atEnd() ? 0 : text.charAt(pos);
    }

    boolean peekIs(char c) {
        return !atEnd() && text.charAt(pos) == c;
    }

    void skip() {
        if (!atEnd()) {
            pos++;
        }
    }

    int mark() {
        return pos;
    }

    void reset(int mark) {
        pos = mark;
    }

    /** Skips to the next occurrence of {@code c} (not consuming it) or to the end. */
    void skipTo(char c) {
        while (!atEnd() && text.charAt(pos) != c) {
            pos++;
        }
    }

    /** The text of the last comment skipped since {@link #clearLastComment()}, without its parentheses. */
    String lastComment() {
        return lastComment;
    }

    void clearLastComment() {
        lastComment = "";
    }

    /** Skips white space and comments; true when something is left. */
    boolean skipCfws() {
        while (!atEnd()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                pos++;
            } else if (c == '(') {
                skipComment();
            } else {
                break;
            }
        }
        return !atEnd();
    }

    private void skipComment() {
        StringBuilder comment = new StringBuilder();
        int level = 0;
        while (!atEnd()) {
            char c = text.charAt(pos++);
            if (c == '\\') {
                if (!atEnd()) {
                    comment.append(text.charAt(pos++));
                }
                continue;
            }
            if (c == '(') {
                level++;
                if (level == 1) {
                    continue;
                }
            } else if (c == ')') {
                level--;
                if (level == 0) {
                    break;
                }
            }
            comment.append(c);
        }
        lastComment = comment.toString();
    }

    static boolean isAtext(char c) {
        return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ATEXT_SPECIALS.indexOf(c) >= 0;
    }

    static boolean isTokenChar(char c) {
        return c >= 0x80 || (c > ' ' && c < 0x7f && TSPECIALS.indexOf(c) < 0);
    }

    /** A quoted string at the current '"', unescaped; runs to the end when the closing quote is missing. */
    String quotedString() {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (!atEnd()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                break;
            }
            if (c == '\\' && !atEnd()) {
                c = text.charAt(pos++);
            }
            sb.append(c);
        }
        skipCfws();
        return sb.toString();
    }

    /** A dot-atom (white space around the dots allowed, as obsolete syntax permits); null if none here. */
    String dotAtom() {
        if (atEnd() || !isAtext(peek())) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        while (true) {
            int start = pos;
            while (!atEnd() && isAtext(peek())) {
                pos++;
            }
            sb.append(text, start, pos);
            skipCfws();
            if (!peekIs('.')) {
                return sb.toString();
            }
            int dot = pos;
            pos++;
            skipCfws();
            if (atEnd() || !isAtext(peek())) {
                pos = dot + 1;
                sb.append('.');
                return sb.toString();
            }
            sb.append('.');
        }
    }

    /** An atom (no dots); null if none starts here. Skips white space and comments after it. */
    String atom() {
        int start = pos;
        while (!atEnd() && isAtext(peek())) {
            pos++;
        }
        if (start == pos) {
            return null;
        }
        String atom = text.substring(start, pos);
        skipCfws();
        return atom;
    }

    /** A local-part: quoted string or dot-atom; null if neither starts here. */
    String localPart() {
        return peekIs('"') ? quotedString() : dotAtom();
    }

    /** The domain after the current '@': a dot-atom or a [domain literal] kept with its brackets. */
    String domain() {
        pos++;
        skipCfws();
        if (!peekIs('[')) {
            return dotAtom();
        }
        int start = pos;
        while (!atEnd()) {
            char c = text.charAt(pos++);
            if (c == '\\') {
                skip();
            } else if (c == ']') {
                break;
            }
        }
        String literal = text.substring(start, pos);
        skipCfws();
        return literal;
    }

    /**
     * A phrase: words (atoms, quoted strings, and the dots of obsolete phrases) joined by single spaces,
     * comments dropped, quoted strings unquoted; null when a phrase cannot start here.
     */
    String phrase() {
        if (peekIs('.')) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        while (!atEnd()) {
            if (peekIs('"')) {
                sb.append(quotedString());
            } else {
                int start = pos;
                while (!atEnd() && (isAtext(peek()) || peek() == '.')) {
                    pos++;
                }
                sb.append(text, start, pos);
                skipCfws();
            }
            char c = peek();
            if (atEnd() || !(isAtext(c) || c == '"' || c == '.')) {
                break;
            }
            sb.append(' ');
        }
        return sb.toString();
    }

    /** A MIME token (RFC 2045); empty if none starts here. Skips white space and comments after it. */
    String token() {
        int start = pos;
        while (!atEnd() && isTokenChar(peek())) {
            pos++;
        }
        String token = text.substring(start, pos);
        skipCfws();
        return token;
    }

    /** A MIME token, or a run of anything but separators (for broken {@code name==?utf-8?...} values). */
    String tokenOrRaw() {
        if (peekIs('=')) {
            int start = pos;
            while (!atEnd() && ";\t ".indexOf(peek()) < 0) {
                pos++;
            }
            String raw = text.substring(start, pos);
            skipCfws();
            return raw;
        }
        return token();
    }
}
