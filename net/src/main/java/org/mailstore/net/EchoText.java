package org.mailstore.net;

/**
 * Client text put into a response or log line. Everything but printable ASCII (CR, LF, NUL, other
 * controls, and any non-ASCII character) becomes '?', so nothing a client sends can end our line
 * early and forge another, and the length is capped so an error cannot amplify a long input.
 */
public final class EchoText {
    private EchoText() {}

    /** At most {@code maxChars} characters of {@code text}, followed by "..." when it was longer. */
    public static String of(String text, int maxChars) {
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
