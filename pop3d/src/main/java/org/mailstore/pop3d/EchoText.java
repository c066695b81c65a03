package org.mailstore.pop3d;

/**
 * Client text put into a response line. Everything but printable ASCII (CR, LF, NUL, other
 * controls, and any non-ASCII character) becomes '?', so nothing a client sends can end our line
 * early and forge another, and the length is capped so an error cannot amplify a long input.
 */
final class EchoText {
    /** RFC 1939 §3: arguments are up to 40 characters. */
    static final int MAX_CHARS = 40;

    private EchoText() {}

    static String of(String text) {
        return of(text, MAX_CHARS);
    }

    static String of(String text, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 3);
        int i = 0;
        while (i < text.length() && out.length() < maxChars) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            out.append(cp >= 0x20 && cp < 0x7F ? (char) cp : '?');
        }
        if (i < text.length()) out.append("...");
        return out.toString();
    }
}
