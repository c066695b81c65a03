package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The verified-login cache on its own: what matches, for how long, and what it forgets. */
class VerifiedLoginsTest {
    private static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGg";
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private VerifiedLogins cache(Duration ttl, int size) {
        return new VerifiedLogins(new VerifiedLogins.Settings(ttl, size), now::get);
    }

    @Test
    void onlyTheSamePasswordAgainstTheSameStoredHashOfTheSameAccountMatches() {
        VerifiedLogins v = cache(Duration.ofMinutes(10), 100);
        assertFalse(v.matches(7, HASH, "secret".toCharArray()), "nothing is trusted before a check");
        v.remember(7, HASH, "secret".toCharArray());
        assertTrue(v.matches(7, HASH, "secret".toCharArray()));
        assertFalse(v.matches(7, HASH, "Secret".toCharArray()), "another password");
        assertFalse(v.matches(7, HASH, "secret ".toCharArray()), "another password");
        assertFalse(v.matches(7, HASH + "x", "secret".toCharArray()), "the password was changed: another stored hash");
        assertFalse(v.matches(8, HASH, "secret".toCharArray()), "another account");
    }

    @Test
    void aCheckIsTrustedForTheTtlOnly() {
        VerifiedLogins v = cache(Duration.ofSeconds(60), 100);
        v.remember(1, HASH, "pw".toCharArray());
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertTrue(v.matches(1, HASH, "pw".toCharArray()));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertFalse(v.matches(1, HASH, "pw".toCharArray()), "expired");
        v.remember(1, HASH, "pw".toCharArray());
        assertTrue(v.matches(1, HASH, "pw".toCharArray()), "a new check starts a new TTL");
    }

    @Test
    void aFullCacheDropsTheLeastRecentlyVerifiedAccount() {
        VerifiedLogins v = cache(Duration.ofMinutes(10), 2);
        v.remember(1, HASH, "one".toCharArray());
        v.remember(2, HASH, "two".toCharArray());
        v.remember(1, HASH, "one".toCharArray());
        v.remember(3, HASH, "three".toCharArray());
        assertEquals(2, v.size());
        assertTrue(v.matches(1, HASH, "one".toCharArray()), "verified again, so the most recent");
        assertFalse(v.matches(2, HASH, "two".toCharArray()), "the eldest went");
        assertTrue(v.matches(3, HASH, "three".toCharArray()));
    }

    @Test
    void offRemembersNothing() {
        for (VerifiedLogins.Settings off : new VerifiedLogins.Settings[] {VerifiedLogins.Settings.OFF,
                new VerifiedLogins.Settings(Duration.ZERO, 100), new VerifiedLogins.Settings(Duration.ofMinutes(1), 0)}) {
            VerifiedLogins v = new VerifiedLogins(off, now::get);
            v.remember(1, HASH, "pw".toCharArray());
            assertFalse(v.matches(1, HASH, "pw".toCharArray()), off.toString());
            assertEquals(0, v.size());
        }
    }
}
