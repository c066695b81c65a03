package org.mailstore.server.torture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * One generated message: a unique Message-ID (how the torture finds it again), its exact bytes (CRLF lines, none
 * starting with a dot, so LMTP's dot-stuffing never changes them) and their SHA-256.
 */
record TortureMessage(String messageId, byte[] bytes, String sha256) {
    /** Share of messages above 1 MB, the size where the store streams rather than buffers. */
    static final double LARGE_SHARE = 0.01;
    static final double MEDIUM_SHARE = 0.15;
    static final int LARGE_MIN = 1_050_000;
    static final int LARGE_SPREAD = 400_000;
    static final int MEDIUM_MIN = 16_000;
    static final int MEDIUM_SPREAD = 180_000;
    static final int SMALL_MIN = 300;
    static final int SMALL_SPREAD = 8_000;
    private static final int LINE_LENGTH = 76;
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /** A message of a size drawn from the torture's mix (mostly small, some medium, a few over 1 MB). */
    static TortureMessage generate(Random random, String messageId, String to) {
        double kind = random.nextDouble();
        int size = kind < LARGE_SHARE ? LARGE_MIN + random.nextInt(LARGE_SPREAD)
                : kind < LARGE_SHARE + MEDIUM_SHARE ? MEDIUM_MIN + random.nextInt(MEDIUM_SPREAD)
                : SMALL_MIN + random.nextInt(SMALL_SPREAD);
        return of(random, messageId, to, size);
    }

    static TortureMessage of(Random random, String messageId, String to, int bodySize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bodySize + 256);
        out.writeBytes(("From: torture@example.org\r\nTo: " + to + "\r\nSubject: crash torture " + messageId
                + "\r\nMessage-ID: " + messageId + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] line = new byte[LINE_LENGTH + 2];
        line[LINE_LENGTH] = '\r';
        line[LINE_LENGTH + 1] = '\n';
        for (int written = 0; written < bodySize; written += line.length) {
            for (int i = 0; i < LINE_LENGTH; i++) line[i] = (byte) ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            out.writeBytes(line);
        }
        byte[] bytes = out.toByteArray();
        return new TortureMessage(messageId, bytes, sha256(bytes));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
