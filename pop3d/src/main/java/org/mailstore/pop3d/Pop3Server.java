package org.mailstore.pop3d;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.mailstore.net.AuthThrottle;
import org.mailstore.net.Connection;
import org.mailstore.net.ConnectionLimits;
import org.mailstore.net.ConnectionSecurity;
import org.mailstore.net.Listener;
import org.mailstore.net.ServerEndpoint;
import org.mailstore.store.Account;
import org.mailstore.store.MailStore;
import org.mailstore.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The POP3 server: a {@link Listener} whose connections each run a {@link Pop3Session} on a
 * virtual thread. Connections over {@link Pop3Settings#maxConnections()}, or over
 * {@link Pop3Settings#maxConnectionsPerAddress()} from one address, are told to come back later and
 * closed before any protocol code runs.
 */
public final class Pop3Server implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Pop3Server.class);
    static final String PROTOCOL = "pop3";
    /** No account can have this address (no '@'), so the warm-up login always fails, costing what a real one costs. */
    static final String WARM_UP_ADDRESS = "pop3-warm-up";
    static final byte[] BUSY = "-ERR [SYS/TEMP] Too many connections, try again later.\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Listener listener;

    private Pop3Server(Listener listener) {
        this.listener = listener;
    }

    /**
     * Binds the endpoint's address and starts serving with its security: STLS offered when it has a certificate, TLS
     * from the first byte when it is implicit (POP3S, RFC 8314), and its rule for USER/PASS and the cleartext SASL
     * mechanisms. Authentication failures are throttled by the endpoint's shared throttle (IMAP's too), or by one of
     * this server's own whose first delay is {@link Pop3Settings#authFailureDelay()}.
     */
    public static Pop3Server start(Pop3Settings settings, MailStore store, ServerEndpoint endpoint) throws IOException {
        ConnectionSecurity security = endpoint.security();
        AuthThrottle throttle = endpoint.throttleOr(settings.authFailureDelay());
        ConnectionLimits limits = new ConnectionLimits(settings.maxConnections(), settings.maxConnectionsPerAddress());
        Pop3Server server = new Pop3Server(Listener.start(endpoint.protocol(PROTOCOL), endpoint.address(), limits, BUSY,
                (socket, sessionId) -> {
                    try (Connection c = Connection.open(socket, security)) {
                        new Pop3Session(settings, store, throttle, c).serve();
                    }
                }));
        Thread.ofVirtual().name("pop3-warm-up").start(() -> warmUp(store));
        return server;
    }

    /**
     * Runs a login's code once in the background as the server starts: password hashing, the
     * account query and the maildrop query, so the JIT compiler and the query layer are ready for
     * the first client instead of making it wait several times longer than the next one.
     */
    static void warmUp(MailStore store) {
        long start = System.nanoTime();
        try {
            store.accounts().authenticate(WARM_UP_ADDRESS, WARM_UP_ADDRESS.toCharArray());
            store.maildrops().snapshot(new Account(0, WARM_UP_ADDRESS, false, Instant.EPOCH), "INBOX");
        } catch (StoreException e) {
            // expected: account 0 has no INBOX; the queries ran all the same
        } catch (RuntimeException e) {
            log.debug("warm-up failed (the store may be closing): {}", e.toString());
            return;
        }
        log.debug("warm-up took {} ms", (System.nanoTime() - start) / 1_000_000);
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
