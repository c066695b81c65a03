package org.mailstore.net;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What protocol sessions do, counted in Micrometer's global registry so the protocol modules need
 * not know who exports it: {@code mailstore serve} adds a Prometheus registry while it runs, and
 * without one every call here only updates meters nobody reads. Tag values come from fixed sets
 * (protocol names, command table names, result words), never from client input, so the number of
 * series stays bounded whatever clients send.
 */
public final class ProtocolMetrics {
    public static final String SESSIONS_ACTIVE = "mailstore.sessions.active";
    public static final String SESSIONS = "mailstore.sessions";
    public static final String COMMANDS = "mailstore.commands";
    public static final String AUTH_FAILURES = "mailstore.auth.failures";

    private static final MeterRegistry REGISTRY = Metrics.globalRegistry;
    /** Strong references: a Micrometer gauge only weakly holds what it reads. */
    private static final Map<String, AtomicInteger> ACTIVE = new ConcurrentHashMap<>();
    /*
     * Meters are built once per tag set and kept: building and registering a Counter looks it up in the registry
     * by name and tags each time, which a per-command call cannot afford. Keeping them is safe because the global
     * registry is a composite that hands its existing meters to every registry added later ({@code serve}'s
     * Prometheus registry). The tag sets are bounded (see above), so these maps are too.
     */
    private static final Map<String, Counter> SESSIONS_STARTED = new ConcurrentHashMap<>();
    private static final Map<String, Counter> FAILED_LOGINS = new ConcurrentHashMap<>();
    private static final Map<CommandKey, Counter> COMMANDS_ANSWERED = new ConcurrentHashMap<>();

    private record CommandKey(String protocol, String command, String result) {}

    private ProtocolMetrics() {}

    /** A connection was accepted and its session starts. */
    public static void sessionOpened(String protocol) {
        active(protocol).incrementAndGet();
        SESSIONS_STARTED.computeIfAbsent(protocol, p -> Counter.builder(SESSIONS).description("Protocol sessions started")
                .tag("protocol", p).register(REGISTRY)).increment();
    }

    /** The session of a connection counted by {@link #sessionOpened} has ended. */
    public static void sessionClosed(String protocol) {
        active(protocol).decrementAndGet();
    }

    /** One command answered; {@code result} is a protocol's own word for how (ok, no, bad, err, refused). */
    public static void command(String protocol, String command, String result) {
        COMMANDS_ANSWERED.computeIfAbsent(new CommandKey(protocol, command, result), k -> Counter.builder(COMMANDS)
                .description("Protocol commands by name and result")
                .tags("protocol", k.protocol(), "command", k.command(), "result", k.result()).register(REGISTRY)).increment();
    }

    /** A login or AUTHENTICATE that did not authenticate. */
    public static void authFailure(String protocol) {
        FAILED_LOGINS.computeIfAbsent(protocol, p -> Counter.builder(AUTH_FAILURES).description("Failed logins")
                .tag("protocol", p).register(REGISTRY)).increment();
    }

    private static AtomicInteger active(String protocol) {
        return ACTIVE.computeIfAbsent(protocol, p -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder(SESSIONS_ACTIVE, n, AtomicInteger::get).description("Protocol sessions open now")
                    .tag("protocol", p).register(REGISTRY);
            return n;
        });
    }
}
