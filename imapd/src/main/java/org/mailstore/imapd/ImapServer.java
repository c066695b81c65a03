package org.mailstore.imapd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.mailstore.net.AuthThrottle;
import org.mailstore.net.Connection;
import org.mailstore.net.ConnectionLimits;
import org.mailstore.net.ConnectionSecurity;
import org.mailstore.net.Listener;
import org.mailstore.net.ServerEndpoint;
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
     * Binds the endpoint's address and starts serving with its security: STARTTLS offered when it has a certificate,
     * TLS from the first byte when it is implicit (IMAPS, RFC 8314), and its rule for LOGIN and the cleartext SASL
     * mechanisms. Authentication failures are throttled by the endpoint's shared throttle (POP3's too), or by one of
     * this server's own whose first delay is {@link ImapSettings#authFailureDelay()}.
     */
    public static ImapServer start(ImapSettings settings, MailStore store, ServerEndpoint endpoint) throws IOException {
        ConnectionSecurity security = endpoint.security();
        AuthThrottle throttle = endpoint.throttleOr(settings.authFailureDelay());
        return new ImapServer(Listener.start(endpoint.protocol(PROTOCOL), endpoint.address(),
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
