package org.mailstore.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.mailstore.imapd.ImapServer;
import org.mailstore.imapd.ImapSettings;
import org.mailstore.net.ConnectionSecurity;
import org.mailstore.store.MailStore;

/**
 * Starts the IMAP listener on {@code imap.listen} (MAILSTORE_IMAP_LISTEN, offering STARTTLS) and the IMAPS listener
 * on {@code imaps.listen} (MAILSTORE_IMAPS_LISTEN, TLS from the first byte), each unless it is {@code off}. IMAP
 * sessions hold no database connection between commands; see docs/imap.md.
 */
final class ImapListener {
    private ImapListener() {}

    static void start(MailstoreConfig config, TlsSetup tls, MailStore store, ServiceStack services) throws IOException {
        start("imap", config.imapListen(), tls.startTls(), store, services);
        start("imaps", config.imapsListen(), tls.implicitTls(), store, services);
    }

    private static void start(String name, Optional<ListenAddress> listen, ConnectionSecurity security, MailStore store,
                              ServiceStack services) throws IOException {
        if (listen.isEmpty()) return;
        ListenAddress a = listen.get();
        ImapServer server = ImapServer.start(ImapSettings.defaults(), security, store, new InetSocketAddress(a.host(), a.port()));
        InetSocketAddress bound = server.address();
        services.addListener(name + " " + new ListenAddress(bound.getAddress().getHostAddress(), bound.getPort()), server);
    }
}
