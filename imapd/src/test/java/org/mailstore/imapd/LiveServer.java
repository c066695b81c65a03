package org.mailstore.imapd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.mailstore.store.StoreFixture;

/** A real store on a fresh database with an IMAP server in front of it, for one test class. */
final class LiveServer implements AutoCloseable {
    /** Short, so failed logins do not slow tests down; ImapSettings' default is what production gets. */
    static final Duration TEST_AUTH_FAILURE_DELAY = Duration.ofMillis(50);

    final StoreFixture fixture;
    final ImapServer server;

    private LiveServer(StoreFixture fixture, ImapServer server) {
        this.fixture = fixture;
        this.server = server;
    }

    static LiveServer start() throws IOException {
        return start(ImapSettings.defaults().withAuthFailureDelay(TEST_AUTH_FAILURE_DELAY));
    }

    static LiveServer start(ImapSettings settings) throws IOException {
        StoreFixture f = new StoreFixture();
        try {
            return new LiveServer(f, ImapServer.start(settings, f.store, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            fixture.close();
        }
    }
}
