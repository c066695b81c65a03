package org.mailstore.imapd.parse;

/** Header field names as RFC 5322 §3.6.8 allows them (printable ASCII except colon), since we match them. */
final class HeaderNames {
    private HeaderNames() {}

    static String fieldName(CommandCursor in) throws SyntaxException {
        String name = in.astring();
        if (name.isEmpty()) throw new SyntaxException("empty header field name");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == ':') throw new SyntaxException("invalid header field name");
        }
        return name;
    }
}
