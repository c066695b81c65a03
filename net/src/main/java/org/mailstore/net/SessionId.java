package org.mailstore.net;

import java.security.SecureRandom;

/**
 * A short random id for one connection, put in the SLF4J MDC as {@code session} so every log line
 * of that connection can be found, and safe to show to the client (Dovecot shows its session id too).
 */
public final class SessionId {
    private static final SecureRandom random = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghijkmnpqrstuvwxyz".toCharArray();
    static final int LENGTH = 10;

    private SessionId() {}

    public static String next() {
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        return new String(out);
    }
}
