package org.mailstore.store;

/**
 * Text that came from a client (addresses, mailbox names) and is put into an error message that a
 * protocol server may echo. Control characters become '?', so no CR/LF can inject a response line,
 * and length is capped so an error can never be used to amplify a huge input.
 */
final class SafeText {
    static final int MAX_CHARS = 300;

    private SafeText() {}

    static String of(String text) {
        if (text == null) return "";
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS));
        for (int i = 0; i < text.length() && out.length() < MAX_CHARS; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > MAX_CHARS) out.append("...");
        return out.toString();
    }
}
