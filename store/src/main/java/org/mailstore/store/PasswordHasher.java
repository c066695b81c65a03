package org.mailstore.store;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string format ({@code $argon2id$v=19$m=…,t=…,p=…$salt$hash}),
 * the form Dovecot's {@code ARGON2ID} scheme also reads. The parameters are stored with each hash,
 * so they can be raised later without invalidating existing passwords.
 *
 * <p>Defaults follow the OWASP minimum for Argon2id (19 MiB, 2 passes, 1 lane): strong against
 * offline guessing while a burst of IMAP logins on 2 cores stays affordable.
 */
final class PasswordHasher {
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    /** Longer passwords are refused rather than hashed: a cheap guard against CPU exhaustion. */
    static final int MAX_PASSWORD_CHARS = 1024;

    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private final SecureRandom random = new SecureRandom();
    /** Verified for unknown users so that a wrong address costs as much time as a wrong password. */
    private final String decoy;

    PasswordHasher() {
        decoy = hash("decoy password".toCharArray());
    }

    String hash(char[] password) {
        checkLength(password);
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** False for a wrong password and for a stored value that is not a hash this class understands. */
    boolean verify(char[] password, String phc) {
        if (password == null || password.length > MAX_PASSWORD_CHARS || phc == null) return false;
        String[] f = phc.split("\\$");
        if (f.length != 6 || !f[1].equals("argon2id") || !f[2].equals("v=19")) return false;
        try {
            int m = 0, t = 0, p = 0;
            for (String kv : f[3].split(",")) {
                int v = Integer.parseInt(kv.substring(2));
                switch (kv.substring(0, 2)) {
                    case "m=" -> m = v;
                    case "t=" -> t = v;
                    case "p=" -> p = v;
                    default -> { return false; }
                }
            }
            byte[] salt = B64D.decode(f[4]);
            byte[] expected = B64D.decode(f[5]);
            if (m < 8 || m > 1 << 22 || t < 1 || t > 64 || p < 1 || p > 16 || expected.length < 16) return false;
            return MessageDigest.isEqual(expected, derive(password, salt, m, t, p, expected.length));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    /** Spends the time a real verification would, for an address that has no account. */
    void verifyDecoy(char[] password) {
        verify(password, decoy);
    }

    static void checkLength(char[] password) {
        if (password == null || password.length == 0) {
            throw new StoreException(StoreException.Reason.INVALID_NAME, "password must not be empty");
        }
        if (password.length > MAX_PASSWORD_CHARS) {
            throw new StoreException(StoreException.Reason.INVALID_NAME, "password longer than " + MAX_PASSWORD_CHARS + " characters");
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int m, int t, int p, int length) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] pw = Arrays.copyOfRange(bytes.array(), bytes.position(), bytes.limit());
        Arrays.fill(bytes.array(), (byte) 0);
        try {
            Argon2BytesGenerator gen = new Argon2BytesGenerator();
            gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(m).withIterations(t).withParallelism(p).withSalt(salt).build());
            byte[] out = new byte[length];
            gen.generateBytes(pw, out);
            return out;
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }
}
