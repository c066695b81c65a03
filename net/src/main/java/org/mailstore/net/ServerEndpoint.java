package org.mailstore.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how a protocol server listens: the address to bind (port 0 picks a free port), how its connections are
 * secured, and the authentication throttle when one is shared by the servers of a process (POP3 and IMAP share one,
 * so guessing passwords over both protocols counts once). Without a shared throttle the server makes its own.
 */
public record ServerEndpoint(InetSocketAddress address, ConnectionSecurity security, Optional<AuthThrottle> sharedThrottle) {
    public ServerEndpoint {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(sharedThrottle, "sharedThrottle");
    }

    /** {@code address} without TLS, cleartext passwords allowed as {@link PlaintextPolicy#DEFAULT} says, no shared throttle. */
    public static ServerEndpoint plain(InetSocketAddress address) {
        return new ServerEndpoint(address, ConnectionSecurity.none(PlaintextPolicy.DEFAULT), Optional.empty());
    }

    /** A free port on the loopback address, otherwise like {@link #plain}: what tests start servers on. */
    public static ServerEndpoint loopback() {
        return plain(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    public ServerEndpoint withSecurity(ConnectionSecurity security) {
        return new ServerEndpoint(address, security, sharedThrottle);
    }

    public ServerEndpoint withThrottle(AuthThrottle throttle) {
        return new ServerEndpoint(address, security, Optional.of(throttle));
    }

    /** The shared throttle, or a new one of the server's own whose first delay is {@code baseDelay}. */
    public AuthThrottle throttleOr(Duration baseDelay) {
        return sharedThrottle.orElseGet(() -> new AuthThrottle(AuthThrottle.Settings.withBaseDelay(baseDelay)));
    }

    /** The listener's protocol name: {@code plain} itself, or with an "s" appended when TLS starts at connect (imaps, pop3s). */
    public String protocol(String plain) {
        return security.implicit() ? plain + "s" : plain;
    }
}
