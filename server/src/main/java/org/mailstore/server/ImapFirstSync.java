package org.mailstore.server;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A mail client's first sync of a large INBOX, timed: LOGIN, SELECT, then one UID FETCH 1:* of the flags, sizes,
 * dates and the headers a message list shows (issue 5's command). The FETCH must answer one FETCH response per
 * message SELECT announced.
 */
final class ImapFirstSync {
    static final String FETCH = "UID FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS "
            + "(From To Cc Subject Date Message-ID References In-Reply-To Content-Type)])";

    /** One sync; {@code failure} is null when every answer was right. */
    record Timing(long selectNanos, long fetchNanos, long messages, long fetched, long bytes, String failure) {}

    private ImapFirstSync() {}

    static Timing run(InetSocketAddress server, String user, String password) throws IOException {
        try (ImapBenchConnection c = new ImapBenchConnection(server)) {
            ImapBenchConnection.Response login = c.login(user, password);
            if (!login.ok()) return new Timing(0, 0, 0, 0, 0, "LOGIN: " + login.status() + " " + login.text());
            long[] exists = {-1};
            long t0 = System.nanoTime();
            ImapBenchConnection.Response select = c.command("SELECT INBOX",
                    l -> exists[0] = Math.max(exists[0], ImapBenchConnection.exists(l)));
            long t1 = System.nanoTime();
            if (!select.ok()) return new Timing(t1 - t0, 0, 0, 0, 0, "SELECT: " + select.status() + " " + select.text());
            long[] fetched = {0};
            ImapBenchConnection.Response fetch = c.command(FETCH, l -> {
                if (l.regionMatches(true, l.indexOf(' ', 2) + 1, "FETCH ", 0, 6)) fetched[0]++;
            });
            long t2 = System.nanoTime();
            String failure = !fetch.ok() ? "FETCH: " + fetch.status() + " " + fetch.text()
                    : fetched[0] != exists[0] ? "FETCH answered " + fetched[0] + " messages of " + exists[0] : null;
            return new Timing(t1 - t0, t2 - t1, exists[0], fetched[0], fetch.bytes(), failure);
        }
    }
}
