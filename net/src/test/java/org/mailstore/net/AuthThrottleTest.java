package org.mailstore.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {
    static final AuthThrottle.Settings SETTINGS = new AuthThrottle.Settings(Duration.ofMillis(100), Duration.ofMillis(700), 4,
            Duration.ofMinutes(10), 1000);
    final AtomicLong now = new AtomicLong();
    final AuthThrottle t = new AuthThrottle(SETTINGS, now::get);

    @Test
    void delayDoublesPerFailureUpToTheCap() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        assertEquals(Duration.ofMillis(100), t.failed(a, "x@example.org"));
        assertEquals(Duration.ofMillis(200), t.failed(a, "y@example.org"));
        assertEquals(Duration.ofMillis(400), t.failed(a, "z@example.org"));
        assertEquals(Duration.ofMillis(700), t.failed(a, null));
        assertEquals(Duration.ofMillis(700), new AuthThrottle(SETTINGS).delayFor(1000));
    }

    @Test
    void anAddressIsRefusedAfterEnoughFailuresUntilTheWindowPasses() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.2");
        InetAddress other = InetAddress.getByName("192.0.2.3");
        for (int i = 0; i < 3; i++) t.failed(a, "user" + i + "@example.org");
        assertFalse(t.refused(a, null));
        t.failed(a, "user3@example.org");
        assertTrue(t.refused(a, null));
        assertTrue(t.refused(a, "anyone@example.org"));
        assertFalse(t.refused(other, "anyone@example.org"));
        now.addAndGet(Duration.ofMinutes(10).toNanos() + 1);
        assertFalse(t.refused(a, null));
        assertEquals(Duration.ofMillis(100), t.failed(a, null), "counting starts again after the window");
    }

    @Test
    void anAccountIsRefusedFromEveryAddressWhetherOrNotItExists() throws Exception {
        for (int i = 0; i < 4; i++) t.failed(InetAddress.getByName("198.51.100." + i), "Victim@Example.org");
        assertTrue(t.refused(InetAddress.getByName("203.0.113.9"), "victim@example.org"));
        assertFalse(t.refused(InetAddress.getByName("203.0.113.9"), "someone-else@example.org"));
    }

    @Test
    void successClearsTheAccountButNotTheAddress() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.4");
        for (int i = 0; i < 3; i++) t.failed(a, "me@example.org");
        t.succeeded("me@example.org");
        assertEquals(Duration.ofMillis(700), t.failed(a, "me@example.org"), "the address's count goes on: 4 failures");
        assertTrue(t.refused(a, null));
        assertFalse(t.refused(InetAddress.getByName("192.0.2.5"), "me@example.org"));
    }

    @Test
    void ipv6AddressesCountByTheirSlash64() throws Exception {
        for (int i = 1; i <= 4; i++) t.failed(InetAddress.getByName("2001:db8:1:2::" + i), null);
        assertTrue(t.refused(InetAddress.getByName("2001:db8:1:2:ffff::1"), null));
        assertFalse(t.refused(InetAddress.getByName("2001:db8:1:3::1"), null));
    }

    @Test
    void memoryStaysBoundedAndTheAddressCountStillWorksWhenFull() throws Exception {
        AuthThrottle small = new AuthThrottle(new AuthThrottle.Settings(Duration.ZERO, Duration.ZERO, 4, Duration.ofMinutes(1), 2), now::get);
        InetAddress a = InetAddress.getByName("192.0.2.6");
        for (int i = 0; i < 3; i++) small.failed(a, "name" + i + "@example.org");
        assertFalse(small.refused(InetAddress.getByName("192.0.2.7"), "name2@example.org"), "the third name was not tracked");
        small.failed(a, "name3@example.org");
        assertTrue(small.refused(a, null));
    }
}
