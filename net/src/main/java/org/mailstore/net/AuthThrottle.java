package org.mailstore.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed-authentication throttling, shared by every protocol of one process so that switching from IMAP to POP3
 * buys an attacker nothing. Failures are counted per remote address (an IPv6 address by its /64, which one host
 * usually owns whole) and per claimed account name, whether or not that account exists, so the throttle itself
 * does not reveal which names exist.
 *
 * <p>Each failure is answered after {@code baseDelay · 2^(n-1)}, capped at {@code maxDelay}, where n is the larger
 * of the two counts (Dovecot's auth penalty works the same way). Once a count reaches
 * {@code failuresBeforeRefusal}, attempts from that address or for that account are refused at once with a
 * temporary error, right password or not, until {@code window} has passed since the last counted failure; then
 * the counts start again. Refused attempts are not counted, so a guesser cannot keep an account locked for longer
 * than one window after its last real guess. A success clears the account's count, not the address's.
 *
 * <p>Memory is bounded by {@code maxTracked} entries per kind; when full, expired entries are dropped, and if it is
 * still full new keys are not tracked (and that is logged) while the per-address count keeps working.
 */
public final class AuthThrottle {
    private static final Logger log = LoggerFactory.getLogger(AuthThrottle.class);
    /** Bytes of an IPv6 address that name one site's host (the /64 prefix). */
    private static final int IPV6_PREFIX_BYTES = 8;
    /** Enough of a claimed account name to recognise it in the log. */
    private static final int MAX_LOGGED_CHARS = 100;
    /** Doublings before the cap, so the shift cannot overflow. */
    private static final int MAX_DOUBLINGS = 30;

    /**
     * @param baseDelay             wait before answering the first failure (Dovecot's auth_failure_delay: 2 s)
     * @param maxDelay              the longest wait (Dovecot's auth penalty cap: 15 s)
     * @param failuresBeforeRefusal failures per address or account after which attempts are refused for a while
     * @param window                how long failures are remembered, and how long a refusal lasts after the last one
     * @param maxTracked            addresses, and separately account names, remembered at once
     */
    public record Settings(Duration baseDelay, Duration maxDelay, int failuresBeforeRefusal, Duration window, int maxTracked) {
        public static final Duration DEFAULT_BASE_DELAY = Duration.ofSeconds(2);
        public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(15);
        public static final int DEFAULT_FAILURES_BEFORE_REFUSAL = 10;
        public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
        /** About 100 bytes each: 100,000 of each kind is ~20 MB at worst. */
        public static final int DEFAULT_MAX_TRACKED = 100_000;

        public Settings {
            if (baseDelay == null || baseDelay.isNegative()) throw new IllegalArgumentException("baseDelay must be >= 0");
            if (maxDelay == null || maxDelay.compareTo(baseDelay) < 0) throw new IllegalArgumentException("maxDelay must be >= baseDelay");
            if (failuresBeforeRefusal < 1) throw new IllegalArgumentException("failuresBeforeRefusal must be >= 1");
            if (window == null || !window.isPositive()) throw new IllegalArgumentException("window must be positive");
            if (maxTracked < 1) throw new IllegalArgumentException("maxTracked must be >= 1");
        }

        public static Settings defaults() {
            return new Settings(DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY, DEFAULT_FAILURES_BEFORE_REFUSAL, DEFAULT_WINDOW, DEFAULT_MAX_TRACKED);
        }

        /** The defaults with another base delay (and a cap no lower than it). */
        public static Settings withBaseDelay(Duration baseDelay) {
            Duration max = DEFAULT_MAX_DELAY.compareTo(baseDelay) < 0 ? baseDelay : DEFAULT_MAX_DELAY;
            return new Settings(baseDelay, max, DEFAULT_FAILURES_BEFORE_REFUSAL, DEFAULT_WINDOW, DEFAULT_MAX_TRACKED);
        }
    }

    /** Failures of one key: how many, and when the last one was (nanoTime). */
    private record Count(int failures, long lastNanos) {}

    private final Settings settings;
    private final LongSupplier nanoTime;
    private final Map<String, Count> byAddress = new ConcurrentHashMap<>();
    private final Map<String, Count> byAccount = new ConcurrentHashMap<>();

    public AuthThrottle(Settings settings) {
        this(settings, System::nanoTime);
    }

    /** With a clock, for tests. */
    AuthThrottle(Settings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    public Settings settings() {
        return settings;
    }

    /** Whether an attempt from {@code remote} for {@code account} (null if not known yet) is refused without checking. */
    public boolean refused(InetAddress remote, String account) {
        long now = nanoTime.getAsLong();
        return over(byAddress.get(addressKey(remote)), now) || (account != null && over(byAccount.get(accountKey(account)), now));
    }

    /**
     * Counts a failure and returns how long to wait before answering it. {@code account} is the name the client
     * claimed, or null when it sent none that could be read.
     */
    public Duration failed(InetAddress remote, String account) {
        long now = nanoTime.getAsLong();
        int n = count(byAddress, addressKey(remote), now);
        if (account != null) n = Math.max(n, count(byAccount, accountKey(account), now));
        if (n == settings.failuresBeforeRefusal()) {
            log.warn("authentication failures reached {} for {} or account {}: refusing for {}", n, remote.getHostAddress(),
                    account == null ? "(none)" : EchoText.of(account, MAX_LOGGED_CHARS), settings.window());
        }
        return delayFor(n);
    }

    /** Forgets the account's failures: whoever logged in knows the password. */
    public void succeeded(String account) {
        byAccount.remove(accountKey(account));
    }

    Duration delayFor(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), MAX_DOUBLINGS);
        long millis = settings.baseDelay().toMillis() << doublings;
        if (millis < 0 || millis > settings.maxDelay().toMillis()) return settings.maxDelay();
        return Duration.ofMillis(millis);
    }

    private boolean over(Count c, long now) {
        return c != null && c.failures() >= settings.failuresBeforeRefusal() && !expired(c, now);
    }

    private boolean expired(Count c, long now) {
        return now - c.lastNanos() > settings.window().toNanos();
    }

    private int count(Map<String, Count> map, String key, long now) {
        if (!map.containsKey(key) && map.size() >= settings.maxTracked()) {
            map.values().removeIf(c -> expired(c, now));
            if (map.size() >= settings.maxTracked()) {
                log.warn("authentication throttle is tracking {} keys already; not tracking {}", settings.maxTracked(), EchoText.of(key, MAX_LOGGED_CHARS));
                return 1;
            }
        }
        return map.compute(key, (k, c) -> c == null || expired(c, now) ? new Count(1, now) : new Count(c.failures() + 1, now)).failures();
    }

    static String addressKey(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) b = Arrays.copyOf(b, IPV6_PREFIX_BYTES);
        return Arrays.toString(b);
    }

    private static String accountKey(String account) {
        return account.strip().toLowerCase(Locale.ROOT);
    }
}
