package org.mailstore.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.function.LongSupplier;

/**
 * Passwords that recently passed their Argon2id check, so that a client logging in again soon (a webmail that logs
 * in on every request, a POP3 client polling every few minutes, an IMAP client reconnecting) is not hashed again: an
 * Argon2id check costs tens of milliseconds of CPU by design, and under the IMAP benchmark's load its logins were a
 * quarter of the server's CPU (docs/benchmarks.md). The encoded-password cache of directory servers such as
 * PingDirectory works the same way.
 *
 * <p>What is kept per account is an HMAC-SHA-256, under a key drawn at start and never stored, of the account id, the
 * stored Argon2id hash and the password: never the password. A later login matches only with the same password
 * against the same stored hash within {@link Settings#ttl} of the check, so a password change (another hash) ends the
 * entry on every instance. Only successful checks are remembered: a wrong password never matches and always pays the
 * full Argon2id check, so guessing online gets no faster. What it gives up: someone who can read the server's memory
 * could test guesses for the accounts in it at HMAC speed instead of Argon2id speed; {@code auth.cache.ttl = 0} turns
 * it off.
 */
public final class VerifiedLogins {
    private static final Counter HITS = Counter.builder("mailstore.auth.cache.hits")
            .description("Logins accepted from the verified-login cache without an Argon2id check").register(Metrics.globalRegistry);

    /** {@code ttl}: how long a check is trusted, zero for never; {@code maxEntries}: accounts remembered at most. */
    public record Settings(Duration ttl, int maxEntries) {
        public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
        public static final int DEFAULT_MAX_ENTRIES = 100_000;
        public static final Settings DEFAULT = new Settings(DEFAULT_TTL, DEFAULT_MAX_ENTRIES);
        public static final Settings OFF = new Settings(Duration.ZERO, 0);

        public Settings {
            if (ttl.isNegative()) throw new IllegalArgumentException("ttl must not be negative");
            if (maxEntries < 0) throw new IllegalArgumentException("maxEntries must be >= 0");
        }

        boolean off() {
            return ttl.isZero() || maxEntries == 0;
        }
    }

    private record Entry(byte[] mac, long verifiedAtNanos) {}

    private final Settings settings;
    private final LongSupplier nanoTime;
    private final byte[] key = new byte[ScramCredentials.KEY_BYTES];
    /** Least recently verified first, so the eldest is what a full cache drops. */
    private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>();

    VerifiedLogins(Settings settings) {
        this(settings, System::nanoTime);
    }

    VerifiedLogins(Settings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
        new SecureRandom().nextBytes(key);
    }

    /** True when this password passed the check against this stored hash within the TTL. */
    boolean matches(long accountId, String storedHash, char[] password) {
        // A password the Argon2id check refuses unread is never remembered: no HMAC over it either.
        if (settings.off() || password.length > PasswordHasher.MAX_PASSWORD_CHARS) return false;
        Entry e;
        synchronized (entries) {
            e = entries.get(accountId);
        }
        if (e == null || nanoTime.getAsLong() - e.verifiedAtNanos() >= settings.ttl().toNanos()) return false;
        boolean same = MessageDigest.isEqual(e.mac(), mac(accountId, storedHash, password));
        if (same) HITS.increment();
        return same;
    }

    /** Records a successful Argon2id check (never a failed one). */
    void remember(long accountId, String storedHash, char[] password) {
        if (settings.off()) return;
        Entry e = new Entry(mac(accountId, storedHash, password), nanoTime.getAsLong());
        synchronized (entries) {
            entries.remove(accountId);
            entries.put(accountId, e);
            if (entries.size() > settings.maxEntries()) {
                var eldest = entries.entrySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private byte[] mac(long accountId, String storedHash, char[] password) {
        ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] hash = storedHash.getBytes(StandardCharsets.UTF_8);
        // Length-prefixed fields, so no two (hash, password) pairs give the same input.
        ByteBuffer in = ByteBuffer.allocate(Long.BYTES + 2 * Integer.BYTES + hash.length + pw.remaining());
        in.putLong(accountId).putInt(hash.length).put(hash).putInt(pw.remaining()).put(pw);
        try {
            return ScramCredentials.hmac(key, in.array());
        } finally {
            Arrays.fill(in.array(), (byte) 0);
            Arrays.fill(pw.array(), (byte) 0);
        }
    }
}
