package org.mailstore.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.mailstore.net.AuthThrottle;
import org.mailstore.pop3d.Pop3Server;
import org.mailstore.store.MailStore;

/**
 * Starts the POP3 listener on {@code pop3.listen} (MAILSTORE_POP3_LISTEN) unless it is {@code off}.
 * POP3S waits for TLS. Each logged-in POP3 session holds one PostgreSQL connection outside the
 * pool for its maildrop lock; see docs/pop3.md.
 */
final class Pop3Listener {
    private Pop3Listener() {}

    static void start(MailstoreConfig config, MailStore store, AuthThrottle throttle, ServiceStack services) throws IOException {
        if (config.pop3Listen().isEmpty()) return;
        ListenAddress a = config.pop3Listen().get();
        Pop3Server server = Pop3Server.start(config.limits().pop3(), store, new InetSocketAddress(a.host(), a.port()), throttle);
        InetSocketAddress bound = server.address();
        services.addListener("pop3 " + new ListenAddress(bound.getAddress().getHostAddress(), bound.getPort()), server);
    }
}
