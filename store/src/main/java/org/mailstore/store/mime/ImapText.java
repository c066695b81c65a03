package org.mailstore.store.mime;

import java.nio.charset.StandardCharsets;

/**
 * Writes IMAP strings (RFC 3501 §4.3, §9 {@code string} / {@code nstring}).
 *
 * <p>A value that is 7-bit and has no CR or LF goes out as a quoted string, with {@code "} and {@code \}
 * escaped. Anything else is a synchronising literal {@code {N}\r\n...} whose N counts the UTF-8 bytes the
 * server will send for the text. NUL is not allowed even in a literal (CHAR8 is %x01-ff), so it is written
 * as U+FFFD.
 */
final class ImapText {

    private ImapText() {
    }

    static void nstring(StringBuilder out, String value) {
        if (value == null) {
            out.append("NIL");
        } else {
            string(out, value);
        }
    }

    static void string(StringBuilder out, String value) {
        if (needsLiteral(value)) {
            String text = value.replace('\0', HeaderField.NUL_REPLACEMENT);
            out.append('{').append(text.getBytes(StandardCharsets.UTF_8).length).append("}\r\n").append(text);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    private static boolean needsLiteral(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || c == '\r' || c == '\n' || c > 0x7f) {
                return true;
            }
        }
        return false;
    }
}
