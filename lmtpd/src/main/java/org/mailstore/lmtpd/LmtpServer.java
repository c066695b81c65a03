package org.mailstore.lmtpd;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.mailstore.net.Connection;
import org.mailstore.net.ConnectionSecurity;
import org.mailstore.net.Listener;
import org.mailstore.net.PlaintextPolicy;
import org.mailstore.store.MailStore;

/**
 * The LMTP delivery server (RFC 2033): a listener with one virtual thread per session, each an
 * {@link LmtpSession} delivering through the store. Connections over the limit get 421 4.3.2 and
 * are closed at once. {@link #close()} stops accepting and closes open sessions.
 */
public final class LmtpServer implements AutoCloseable {
    static final String PROTOCOL = "lmtp";

    private final Listener listener;

    private LmtpServer(Listener listener) {
        this.listener = listener;
    }

    public static LmtpServer start(LmtpSettings settings, MailStore store, InetSocketAddress address) throws IOException {
        return start(settings, ConnectionSecurity.none(PlaintextPolicy.DEFAULT), store, address);
    }

    /** With STARTTLS (RFC 3207) offered after LHLO when {@code security} has a certificate. */
    public static LmtpServer start(LmtpSettings settings, ConnectionSecurity security, MailStore store, InetSocketAddress address)
            throws IOException {
        Listener l = Listener.start(PROTOCOL, address, settings.maxConnections(), LmtpReplies.busy(settings.hostname()).encode(),
                (socket, sessionId) -> {
                    try (Connection c = Connection.open(socket, security)) {
                        new LmtpSession(settings, store, c, sessionId).run();
                    }
                });
        return new LmtpServer(l);
    }

    public InetSocketAddress address() {
        return listener.address();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
