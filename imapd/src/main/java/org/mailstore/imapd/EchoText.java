package org.mailstore.imapd;

/**
 * Client text put into a log line or response. Everything but printable ASCII becomes '?', so nothing a client
 * sends can end a line early and forge another, and the length is capped so an error cannot amplify a long input.
 */
final class EchoText {
    static final int MAX_CHARS = 100;

    private EchoText() {}

    static String of(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 3);
        int i = 0;
        while (i < text.length() && out.length() < MAX_CHARS) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            out.append(cp >= 0x20 && cp < 0x7F ? (char) cp : '?');
        }
        if (i < text.length()) out.append("...");
        return out.toString();
    }
}
