package org.mailstore.net;

/**
 * The SASL PLAIN message (RFC 4616): {@code [authzid] NUL authcid NUL passwd}, UTF-8. This server
 * has no proxy authorization, so an authzid other than empty or the authcid itself is refused.
 * Shared by the POP3 and IMAP servers (and by LMTP/SMTP AUTH when it comes).
 */
public final class SaslPlain {
    public static final String MECHANISM = "PLAIN";

    /** {@code password} is a fresh array the caller may wipe. */
    public record Credentials(String address, char[] password) {}

    private SaslPlain() {}

    /** The credentials, or null when the message is not well-formed PLAIN or asks for another identity. */
    public static Credentials decode(byte[] message) {
        int first = indexOf(message, 0);
        int second = first < 0 ? -1 : indexOf(message, first + 1);
        if (second < 0 || indexOf(message, second + 1) >= 0) return null;
        String authzid = utf8(message, 0, first);
        String authcid = utf8(message, first + 1, second);
        char[] password = SaslText.utf8(message, second + 1, message.length);
        if (authzid == null || authcid == null || password == null || authcid.isEmpty()) return null;
        if (!authzid.isEmpty() && !authzid.equals(authcid)) return null;
        return new Credentials(authcid, password);
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == 0) return i;
        return -1;
    }

    private static String utf8(byte[] b, int from, int to) {
        char[] c = SaslText.utf8(b, from, to);
        return c == null ? null : new String(c);
    }
}
