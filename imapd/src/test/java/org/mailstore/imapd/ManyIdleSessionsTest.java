package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mailstore.store.Account;
import org.mailstore.store.Recipient;
import org.mailstore.store.StoreFixture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many sessions IDLE on one mailbox: one delivery reaches the first as EXISTS within a second and all of them soon
 * after, and the heap each idle session costs (server and this test's bare client together) stays far inside the budget
 * of 10,000 idle connections in 1 GiB (about 100 KB each).
 */
// It bounds a latency, so it runs with no other test JVM beside it (root pom.xml, surefire execution "timing").
@Tag("timing")
class ManyIdleSessionsTest {
    private static final Logger log = LoggerFactory.getLogger(ManyIdleSessionsTest.class);
    static final int SESSIONS = 200;
    static final long BUDGET_BYTES_PER_SESSION = 1024L * 1024 * 1024 / 10_000;
    /** The figure for one session, across instances; here on one instance, for the first of them. */
    static final long FIRST_MILLIS = 1_000;
    /**
     * All of them: each reads the change itself (and, in IMAP4rev1, tries to claim it as \Recent under the
     * mailbox row lock), so the fan-out grows with the number of sessions on one mailbox.
     */
    static final long ALL_MILLIS = 3_000;

    @Test
    void oneDeliveryWakesEveryIdleSession() throws Exception {
        // Every session comes from 127.0.0.1: lift the per-address cap to the overall one.
        try (LiveServer server = LiveServer.start(ImapSettings.defaults().withAuthFailureDelay(LiveServer.TEST_AUTH_FAILURE_DELAY)
                .withMaxConnectionsPerAddress(ImapSettings.DEFAULT_MAX_CONNECTIONS))) {
            Account a = server.fixture.account("idlers@example.org");
            long before = usedHeap();
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < SESSIONS; i++) {
                    Socket s = new Socket(server.address().getAddress(), server.address().getPort());
                    s.setSoTimeout(ImapClient.TIMEOUT_MILLIS);
                    sockets.add(s);
                    s.getOutputStream().write(("l LOGIN " + a.address() + " secret\r\ns SELECT INBOX\r\ni IDLE\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    readUntil(s.getInputStream(), "+ idling");
                }
                long perSession = (usedHeap() - before) / SESSIONS;
                log.info("{} idle sessions: {} bytes of heap each", SESSIONS, perSession);
                assertTrue(perSession < BUDGET_BYTES_PER_SESSION, perSession + " bytes per idle session");

                long start = System.nanoTime();
                assertTrue(server.fixture.deliver(StoreFixture.message("wake up", "now"), new Recipient(a.address())).getFirst().delivered());
                long delivered = System.nanoTime();
                readUntil(sockets.getFirst().getInputStream(), "* 1 EXISTS");
                long first = System.nanoTime();
                for (Socket s : sockets.subList(1, SESSIONS)) readUntil(s.getInputStream(), "* 1 EXISTS");
                long all = System.nanoTime();
                log.info("delivery took {} ms; EXISTS reached the first idle session {} ms and all {} {} ms after it committed",
                        (delivered - start) / 1_000_000, (first - delivered) / 1_000_000, SESSIONS, (all - delivered) / 1_000_000);
                assertTrue((first - delivered) / 1_000_000 < FIRST_MILLIS, (first - delivered) / 1_000_000 + " ms");
                assertTrue((all - delivered) / 1_000_000 < ALL_MILLIS, (all - delivered) / 1_000_000 + " ms");
                assertEquals(SESSIONS, server.server.openConnections());
            } finally {
                for (Socket s : sockets) s.close();
            }
        }
    }

    /** Reads lines until one equals {@code expected}. */
    private static void readUntil(InputStream in, String expected) throws IOException {
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) throw new IOException("closed while waiting for " + expected);
                if (c != '\r') line.write(c);
            }
            if (line.toString(StandardCharsets.US_ASCII).equals(expected)) return;
        }
    }

    private static long usedHeap() throws InterruptedException {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return r.totalMemory() - r.freeMemory();
    }
}
