package org.mailstore.imapd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.mailstore.net.AuthThrottle;
import org.mailstore.net.Connection;
import org.mailstore.net.ConnectionLimits;
import org.mailstore.net.ConnectionSecurity;
import org.mailstore.net.Listener;
import org.mailstore.net.PlaintextPolicy;
import org.mailstore.store.MailStore;

/**
 * The IMAP server: a {@link Listener} whose connections each run an {@link ImapSession} on a virtual thread.
 * Connections over {@link ImapSettings#maxConnections()}, or over {@link ImapSettings#maxConnectionsPerAddress()} from
 * one address, get an untagged BYE and are closed before any protocol code runs.
 */
public final class ImapServer implements AutoCloseable {
    static final String PROTOCOL = "imap";
    static final byte[] BUSY = "* BYE [UNAVAILABLE] Too many connections, try again later.\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Listener listener;

    private ImapServer(Listener listener) {
        this.listener = listener;
    }

    /**
     * Binds {@code address} (port 0 picks a free port) and starts serving without TLS, with an authentication
     * throttle of its own whose first delay is {@link ImapSettings#authFailureDelay()}.
     */
    public static ImapServer start(ImapSettings settings, MailStore store, InetSocketAddress address) throws IOException {
        return start(settings, ConnectionSecurity.none(PlaintextPolicy.DEFAULT), store, address);
    }

    /** The same, with a throttle shared with other servers of this process. */
    public static ImapServer start(ImapSettings settings, MailStore store, InetSocketAddress address, AuthThrottle throttle)
            throws IOException {
        return start(settings, ConnectionSecurity.none(PlaintextPolicy.DEFAULT), store, address, throttle);
    }

    /** With {@code security} (below) and a throttle of its own. */
    public static ImapServer start(ImapSettings settings, ConnectionSecurity security, MailStore store, InetSocketAddress address)
            throws IOException {
        return start(settings, security, store, address, new AuthThrottle(AuthThrottle.Settings.withBaseDelay(settings.authFailureDelay())));
    }

    /**
     * Binds {@code address} and starts serving with {@code security}: STARTTLS offered when it has a certificate,
     * TLS from the first byte when it is implicit (IMAPS, RFC 8314), and its rule for LOGIN and the cleartext SASL
     * mechanisms; {@code throttle} may be shared with other servers of this process (POP3's).
     */
    public static ImapServer start(ImapSettings settings, ConnectionSecurity security, MailStore store, InetSocketAddress address,
            AuthThrottle throttle) throws IOException {
        return new ImapServer(Listener.start(security.implicit() ? PROTOCOL + "s" : PROTOCOL, address,
                new ConnectionLimits(settings.maxConnections(), settings.maxConnectionsPerAddress()), BUSY,
                (socket, sessionId) -> {
                    try (Connection c = Connection.open(socket, security)) {
                        new ImapSession(settings, store, throttle, c).serve();
                    }
                }));
    }

    public InetSocketAddress address() {
        return listener.address();
    }

    /** Connections being served now. */
    public int openConnections() {
        return listener.openConnections();
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() throws IOException {
        listener.close();
    }
}
