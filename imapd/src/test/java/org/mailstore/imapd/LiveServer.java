package org.mailstore.imapd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.mailstore.net.AuthThrottle;
import org.mailstore.net.ServerEndpoint;
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
        return start(settings, new AuthThrottle(AuthThrottle.Settings.withBaseDelay(settings.authFailureDelay())));
    }

    /** Without the throttle's refusals, for tests that fail many logins on purpose. */
    static LiveServer startWithoutRefusals() throws IOException {
        return start(ImapSettings.defaults(), new AuthThrottle(new AuthThrottle.Settings(TEST_AUTH_FAILURE_DELAY, TEST_AUTH_FAILURE_DELAY,
                Integer.MAX_VALUE, Duration.ofMinutes(1), 1000)));
    }

    static LiveServer start(ImapSettings settings, AuthThrottle throttle) throws IOException {
        StoreFixture f = new StoreFixture();
        try {
            return new LiveServer(f, ImapServer.start(settings, f.store, ServerEndpoint.loopback().withThrottle(throttle)));
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
