package org.mailstore.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.mailstore.imapd.ImapServer;
import org.mailstore.net.AuthThrottle;
import org.mailstore.net.ConnectionSecurity;
import org.mailstore.store.MailStore;

/**
 * Starts the IMAP listener on {@code imap.listen} (MAILSTORE_IMAP_LISTEN, offering STARTTLS) and the IMAPS listener
 * on {@code imaps.listen} (MAILSTORE_IMAPS_LISTEN, TLS from the first byte), each unless it is {@code off}. IMAP
 * sessions hold no database connection between commands; see docs/imap.md.
 */
final class ImapListener {
    private ImapListener() {}

    static void start(MailstoreConfig config, TlsSetup tls, MailStore store, AuthThrottle throttle, ServiceStack services)
            throws IOException {
        start("imap", config.imapListen(), config, tls.startTls(), store, throttle, services);
        start("imaps", config.imapsListen(), config, tls.implicitTls(), store, throttle, services);
    }

    private static void start(String name, Optional<ListenAddress> listen, MailstoreConfig config, ConnectionSecurity security,
                              MailStore store, AuthThrottle throttle, ServiceStack services) throws IOException {
        if (listen.isEmpty()) return;
        ListenAddress a = listen.get();
        ImapServer server = ImapServer.start(config.limits().imap(), security, store, new InetSocketAddress(a.host(), a.port()), throttle);
        InetSocketAddress bound = server.address();
        services.addListener(name + " " + new ListenAddress(bound.getAddress().getHostAddress(), bound.getPort()), server);
    }
}
