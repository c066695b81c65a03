package org.mailstore.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * The counters are built once and kept; these prove that what is counted still reaches a registry added to the
 * global one after the counter was made, as {@code serve}'s Prometheus registry is. Each test uses its own protocol
 * name, so the global registry shared by the JVM does not mix their counts.
 */
class ProtocolMetricsTest {
    @Test
    void commandsCountedBeforeAndAfterARegistryIsAddedReachIt() {
        ProtocolMetrics.command("test-cmd", "NOOP", "ok");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try {
            ProtocolMetrics.command("test-cmd", "NOOP", "ok");
            ProtocolMetrics.command("test-cmd", "NOOP", "ok");
            ProtocolMetrics.command("test-cmd", "NOOP", "bad");
            ProtocolMetrics.command("test-cmd", "LIST", "ok");
            assertEquals(2.0, count(registry, ProtocolMetrics.COMMANDS, "test-cmd", "NOOP", "ok"));
            assertEquals(1.0, count(registry, ProtocolMetrics.COMMANDS, "test-cmd", "NOOP", "bad"));
            assertEquals(1.0, count(registry, ProtocolMetrics.COMMANDS, "test-cmd", "LIST", "ok"));
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    @Test
    void sessionsAndAuthFailuresAreCountedPerProtocol() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try {
            ProtocolMetrics.sessionOpened("test-session");
            ProtocolMetrics.sessionOpened("test-session");
            ProtocolMetrics.sessionClosed("test-session");
            ProtocolMetrics.authFailure("test-session");
            ProtocolMetrics.authFailure("test-session");
            ProtocolMetrics.authFailure("test-session");
            assertEquals(2.0, registry.get(ProtocolMetrics.SESSIONS).tag("protocol", "test-session").counter().count());
            assertEquals(1.0, registry.get(ProtocolMetrics.SESSIONS_ACTIVE).tag("protocol", "test-session").gauge().value());
            assertEquals(3.0, registry.get(ProtocolMetrics.AUTH_FAILURES).tag("protocol", "test-session").counter().count());
        } finally {
            ProtocolMetrics.sessionClosed("test-session");
            Metrics.removeRegistry(registry);
        }
    }

    private static double count(SimpleMeterRegistry registry, String name, String protocol, String command, String result) {
        return registry.get(name).tags("protocol", protocol, "command", command, "result", result).counter().count();
    }
}
