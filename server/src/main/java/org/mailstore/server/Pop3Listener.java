package org.mailstore.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.mailstore.net.AuthThrottle;
import org.mailstore.net.ConnectionSecurity;
import org.mailstore.pop3d.Pop3Server;
import org.mailstore.store.MailStore;

/**
 * Starts the POP3 listener on {@code pop3.listen} (MAILSTORE_POP3_LISTEN, offering STLS) and the POP3S listener on
 * {@code pop3s.listen} (MAILSTORE_POP3S_LISTEN, TLS from the first byte), each unless it is {@code off}. Each
 * logged-in POP3 session holds one PostgreSQL connection outside the pool for its maildrop lock; see docs/pop3.md.
 */
final class Pop3Listener {
    private Pop3Listener() {}

    static void start(MailstoreConfig config, TlsSetup tls, MailStore store, AuthThrottle throttle, ServiceStack services)
            throws IOException {
        start("pop3", config.pop3Listen(), config, tls.startTls(), store, throttle, services);
        start("pop3s", config.pop3sListen(), config, tls.implicitTls(), store, throttle, services);
    }

    private static void start(String name, Optional<ListenAddress> listen, MailstoreConfig config, ConnectionSecurity security,
                              MailStore store, AuthThrottle throttle, ServiceStack services) throws IOException {
        if (listen.isEmpty()) return;
        ListenAddress a = listen.get();
        Pop3Server server = Pop3Server.start(config.limits().pop3(), security, store, new InetSocketAddress(a.host(), a.port()), throttle);
        InetSocketAddress bound = server.address();
        services.addListener(name + " " + new ListenAddress(bound.getAddress().getHostAddress(), bound.getPort()), server);
    }
}
