package org.mailstore.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class PlaintextPolicyTest {
    private static final InetAddress LOOPBACK_V4 = address("127.0.0.1");
    private static final InetAddress LOOPBACK_V6 = address("::1");
    private static final InetAddress REMOTE = address("192.0.2.7");

    @Test
    void loopbackOnlyAllowsCleartextFromThisHostAndOverTlsOnly() {
        PlaintextPolicy p = new PlaintextPolicy(PlaintextPolicy.Mode.LOOPBACK_ONLY);
        assertTrue(p.allows(false, LOOPBACK_V4));
        assertTrue(p.allows(false, LOOPBACK_V6));
        assertFalse(p.allows(false, REMOTE));
        assertTrue(p.allows(true, REMOTE));
    }

    @Test
    void neverAllowsCleartextOnlyOverTlsEvenFromLoopback() {
        PlaintextPolicy p = new PlaintextPolicy(PlaintextPolicy.Mode.NEVER);
        assertFalse(p.allows(false, LOOPBACK_V4));
        assertFalse(p.allows(false, REMOTE));
        assertTrue(p.allows(true, LOOPBACK_V4));
    }

    @Test
    void alwaysAllowsCleartextEverywhere() {
        PlaintextPolicy p = new PlaintextPolicy(PlaintextPolicy.Mode.ALWAYS);
        assertTrue(p.allows(false, REMOTE));
        assertTrue(p.allows(true, REMOTE));
    }

    @Test
    void theDefaultIsLoopbackOnly() {
        assertEquals(PlaintextPolicy.Mode.LOOPBACK_ONLY, PlaintextPolicy.DEFAULT.mode());
    }

    @Test
    void configValuesParseInAnyCaseAndBadOnesAreRefused() {
        assertEquals(PlaintextPolicy.Mode.LOOPBACK_ONLY, PlaintextPolicy.Mode.parse(" Loopback-Only "));
        assertEquals(PlaintextPolicy.Mode.NEVER, PlaintextPolicy.Mode.parse("never"));
        assertEquals(PlaintextPolicy.Mode.ALWAYS, PlaintextPolicy.Mode.parse("ALWAYS"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlaintextPolicy.Mode.parse("sometimes"));
        assertEquals("must be loopback-only, never or always", e.getMessage());
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
