package org.mailstore.pop3d;

import java.io.IOException;
import java.time.Duration;
import org.mailstore.net.ServerEndpoint;
import org.mailstore.store.StoreFixture;

/** A real store on a fresh database with a POP3 server in front of it, for one test class. */
final class LiveServer implements AutoCloseable {
    final StoreFixture fixture;
    final Pop3Server server;

    private LiveServer(StoreFixture fixture, Pop3Server server) {
        this.fixture = fixture;
        this.server = server;
    }

    static LiveServer start() throws IOException {
        return start(Pop3Settings.defaults().withAuthFailureDelay(Duration.ofMillis(50)));
    }

    static LiveServer start(Pop3Settings settings) throws IOException {
        StoreFixture f = new StoreFixture();
        try {
            return new LiveServer(f, Pop3Server.start(settings, f.store, ServerEndpoint.loopback()));
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    String host() {
        return server.address().getAddress().getHostAddress();
    }

    int port() {
        return server.address().getPort();
    }

    Pop3Client connect() throws IOException {
        return new Pop3Client(server.address());
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
