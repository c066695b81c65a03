package org.mailstore.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.mailstore.lmtpd.LmtpServer;
import org.mailstore.store.MailStore;

/** Starts the LMTP listener on {@code lmtp.listen} (MAILSTORE_LMTP_LISTEN) unless it is {@code off}; it offers STARTTLS. */
final class LmtpListener {
    private LmtpListener() {}

    static void start(MailstoreConfig config, TlsSetup tls, MailStore store, ServiceStack services) throws IOException {
        if (config.lmtpListen().isEmpty()) return;
        ListenAddress a = config.lmtpListen().get();
        LmtpServer server = LmtpServer.start(config.limits().lmtp(), tls.startTls(), store, new InetSocketAddress(a.host(), a.port()));
        InetSocketAddress bound = server.address();
        services.addListener("lmtp " + new ListenAddress(bound.getAddress().getHostAddress(), bound.getPort()), server);
    }
}
