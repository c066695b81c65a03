package org.mailstore.pop3d;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.mailstore.net.Listener;
import org.mailstore.store.MailStore;

/**
 * The POP3 server: a {@link Listener} whose connections each run a {@link Pop3Session} on a
 * virtual thread. Connections over {@link Pop3Settings#maxConnections()} are told to come back
 * later and closed before any protocol code runs.
 */
public final class Pop3Server implements AutoCloseable {
    static final String PROTOCOL = "pop3";
    static final byte[] BUSY = "-ERR [SYS/TEMP] Too many connections, try again later.\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Listener listener;

    private Pop3Server(Listener listener) {
        this.listener = listener;
    }

    /** Binds {@code address} (port 0 picks a free port) and starts serving. */
    public static Pop3Server start(Pop3Settings settings, MailStore store, InetSocketAddress address) throws IOException {
        return new Pop3Server(Listener.start(PROTOCOL, address, settings.maxConnections(), BUSY,
                (socket, sessionId) -> new Pop3Session(settings, store, socket).serve()));
    }

    public InetSocketAddress address() {
        return listener.address();
    }

    /** Stops accepting and closes every connection; sessions end without deleting anything. */
    @Override
    public void close() throws IOException {
        listener.close();
    }
}
