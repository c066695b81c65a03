package org.mailstore.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Function;
import org.mailstore.net.AuthThrottle;
import org.mailstore.net.ConnectionSecurity;
import org.mailstore.net.ServerEndpoint;

/**
 * Starts the mail-access protocols (POP3, IMAP) on their two configured addresses each: the plain one offering
 * STARTTLS/STLS ({@code pop3.listen}, {@code imap.listen}) and the one with TLS from the first byte, RFC 8314
 * ({@code pop3s.listen}, {@code imaps.listen}), each unless it is {@code off}. All of them share one authentication
 * throttle, so guessing a password over both protocols counts once.
 */
final class MailAccessListeners {
    /** Starts one protocol server on an endpoint; the POP3 and IMAP servers' {@code start} methods fit it. */
    @FunctionalInterface
    interface Starter<S extends AutoCloseable> {
        S start(ServerEndpoint endpoint) throws IOException;
    }

    private final TlsSetup tls;
    private final AuthThrottle throttle;
    private final ServiceStack services;

    MailAccessListeners(TlsSetup tls, AuthThrottle throttle, ServiceStack services) {
        this.tls = tls;
        this.throttle = throttle;
        this.services = services;
    }

    /** Starts {@code protocol} on {@code plain} and its implicit-TLS variant on {@code implicit}, each if configured. */
    <S extends AutoCloseable> void start(String protocol, Optional<ListenAddress> plain, Optional<ListenAddress> implicit,
                                         Starter<S> starter, Function<S, InetSocketAddress> bound) throws IOException {
        start(protocol, plain, tls.startTls(), starter, bound);
        start(protocol, implicit, tls.implicitTls(), starter, bound);
    }

    private <S extends AutoCloseable> void start(String protocol, Optional<ListenAddress> listen, ConnectionSecurity security,
                                                 Starter<S> starter, Function<S, InetSocketAddress> bound) throws IOException {
        if (listen.isEmpty()) return;
        ListenAddress a = listen.get();
        ServerEndpoint endpoint = new ServerEndpoint(new InetSocketAddress(a.host(), a.port()), security, Optional.of(throttle));
        S server = starter.start(endpoint);
        InetSocketAddress at = bound.apply(server);
        services.addListener(endpoint.protocol(protocol) + " " + new ListenAddress(at.getAddress().getHostAddress(), at.getPort()), server);
    }
}
