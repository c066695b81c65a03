package org.mailstore.reconciler;

/**
 * JSON string literals (RFC 8259), the one quoting used by the reconciler's report and by every JSON text the
 * {@code mailstore} command writes by hand ({@code /health}, {@code --json} lists). It lives here because the
 * reconciler is the lowest module that writes JSON and the server already depends on it.
 */
public final class JsonString {
    private JsonString() {}

    /**
     * {@code s} as a quoted JSON string. Control characters are escaped, and so are U+2028 and U+2029, which JSON
     * allows raw but JavaScript and some line-oriented tools take for line ends.
     */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
