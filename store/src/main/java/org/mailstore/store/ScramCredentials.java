package org.mailstore.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a SCRAM-SHA-256 server keeps for one account (RFC 5802 §3, RFC 7677): enough to check a client's proof
 * and to prove itself, but not enough to log in as the user. Derived from the password once, when it is set:
 * {@code SaltedPassword = Hi(SASLprep(password), salt, i)}, {@code StoredKey = H(HMAC(SaltedPassword, "Client Key"))},
 * {@code ServerKey = HMAC(SaltedPassword, "Server Key")}. The HMAC and hash helpers are public because the SASL
 * exchange in the net module computes the same functions over each login's AuthMessage.
 */
public record ScramCredentials(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    /** RFC 7677 §4: at least 4096; also what Dovecot and Cyrus SASL use. */
    public static final int DEFAULT_ITERATIONS = 4096;
    public static final int MIN_ITERATIONS = 4096;
    /** Refused above this, so a stored value cannot make one login cost the server minutes. */
    public static final int MAX_ITERATIONS = 1 << 20;
    public static final int SALT_BYTES = 16;
    public static final int KEY_BYTES = 32;
    private static final String HMAC = "HmacSHA256";

    public ScramCredentials {
        if (salt == null || salt.length == 0) throw new IllegalArgumentException("salt must not be empty");
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be from " + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
        }
        if (storedKey == null || storedKey.length != KEY_BYTES || serverKey == null || serverKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("StoredKey and ServerKey must be " + KEY_BYTES + " bytes");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    /** The credentials for {@code password}; the caller keeps ownership of (and may wipe) the array. */
    public static ScramCredentials derive(char[] password, byte[] salt, int iterations) {
        byte[] prepared = utf8(SaslPrep.prepare(password));
        byte[] salted = hi(prepared, salt, iterations);
        Arrays.fill(prepared, (byte) 0);
        try {
            byte[] clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
            return new ScramCredentials(salt, iterations, sha256(clientKey),
                    hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII)));
        } finally {
            Arrays.fill(salted, (byte) 0);
        }
    }

    /** HMAC-SHA-256. */
    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** SHA-256. */
    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** RFC 5802 §2.2 Hi(): PBKDF2 with HMAC-SHA-256 and one block of output, over the prepared password's bytes. */
    static byte[] hi(byte[] password, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(password, HMAC));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int i = 1; i < iterations; i++) {
                u = mac.doFinal(u);
                for (int j = 0; j < result.length; j++) result[j] ^= u[j];
            }
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = Arrays.copyOfRange(b.array(), b.position(), b.limit());
        Arrays.fill(b.array(), (byte) 0);
        Arrays.fill(chars, '\0');
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredentials c && iterations == c.iterations && Arrays.equals(salt, c.salt)
                && Arrays.equals(storedKey, c.storedKey) && Arrays.equals(serverKey, c.serverKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(storedKey);
    }

    /** Never shows the keys, so the record can be logged by mistake without harm. */
    @Override
    public String toString() {
        return "ScramCredentials[iterations=" + iterations + "]";
    }
}
