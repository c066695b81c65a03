package org.mailstore.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.mailstore.imapd.ImapServer;
import org.mailstore.net.AuthThrottle;
import org.mailstore.store.MailStore;

/**
 * Starts the IMAP listener on {@code imap.listen} (MAILSTORE_IMAP_LISTEN) unless it is {@code off}. IMAPS waits for
 * TLS. IMAP sessions hold no database connection between commands; see docs/imap.md.
 */
final class ImapListener {
    private ImapListener() {}

    static void start(MailstoreConfig config, MailStore store, AuthThrottle throttle, ServiceStack services) throws IOException {
        if (config.imapListen().isEmpty()) return;
        ListenAddress a = config.imapListen().get();
        ImapServer server = ImapServer.start(config.limits().imap(), store, new InetSocketAddress(a.host(), a.port()), throttle);
        InetSocketAddress bound = server.address();
        services.addListener("imap " + new ListenAddress(bound.getAddress().getHostAddress(), bound.getPort()), server);
    }
}
