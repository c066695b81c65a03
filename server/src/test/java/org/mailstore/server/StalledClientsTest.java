package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 12, "slow or stuck clients": a thousand connections (IMAP, POP3 and LMTP) each send half a command and stall;
 * every {@value #TRICKLE_EVERY}th of them goes on trickling a byte every {@link #TICK}, so the idle timeout never
 * fires for it. Normal sessions meanwhile answer as fast as before the stall (within {@link #SLOWDOWN_ALLOWED} of the
 * slowest session before it; a connection is a virtual thread, so a stalled one holds no platform thread and no
 * database connection), and the idle and command timeouts, set short here, close every stalled and trickling
 * connection.
 */
// It bounds a latency, so it runs with no other test JVM beside it (root pom.xml, surefire execution "timing").
@Tag("timing")
@Timeout(600)
class StalledClientsTest {
    private static final Logger log = LoggerFactory.getLogger(StalledClientsTest.class);
    private static final int IMAP_STALLED = 600;
    private static final int POP3_STALLED = 200;
    private static final int LMTP_STALLED = 200;
    private static final int NORMAL_SESSIONS = 10;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);
    /** The same as the idle timeout: a half command is cut by whichever comes first, a trickled one by this. */
    private static final Duration COMMAND_TIMEOUT = IDLE_TIMEOUT;
    private static final int TRICKLE_EVERY = 10;
    /** Far below the idle timeout: without a command deadline a trickling connection would live forever. */
    private static final Duration TICK = Duration.ofSeconds(2);
    private static final Duration RECLAIM_MARGIN = Duration.ofSeconds(30);
    private static final Duration SLOWDOWN_ALLOWED = Duration.ofSeconds(2);
    private static final String USER = "steady@serve.test";
    private static final String PASSWORD = "pw";

    @TempDir
    Path dir;

    @Test
    void aThousandHalfCommandsSomeTricklingSlowNobodyAndTheTimeoutsCloseThem() throws Exception {
        Map<String, String> env = ImapServe.env(TestDatabase.fresh(), dir.resolve("data"), "stall");
        String timeout = IDLE_TIMEOUT.toSeconds() + "s";
        env.put("MAILSTORE_IMAP_LOGIN_TIMEOUT", timeout);
        env.put("MAILSTORE_IMAP_IDLE_TIMEOUT", timeout);
        env.put("MAILSTORE_POP3_IDLE_TIMEOUT", timeout);
        env.put("MAILSTORE_LMTP_IDLE_TIMEOUT", timeout);
        String commandTimeout = COMMAND_TIMEOUT.toSeconds() + "s";
        env.put("MAILSTORE_IMAP_COMMAND_TIMEOUT", commandTimeout);
        env.put("MAILSTORE_POP3_COMMAND_TIMEOUT", commandTimeout);
        env.put("MAILSTORE_LMTP_COMMAND_TIMEOUT", commandTimeout);
        env.put("MAILSTORE_IMAP_MAX_CONNECTIONS_PER_ADDRESS", String.valueOf(IMAP_STALLED + NORMAL_SESSIONS + 10));
        env.put("MAILSTORE_POP3_MAX_CONNECTIONS", String.valueOf(POP3_STALLED + NORMAL_SESSIONS + 10));
        env.put("MAILSTORE_POP3_MAX_CONNECTIONS_PER_ADDRESS", String.valueOf(POP3_STALLED + NORMAL_SESSIONS + 10));
        env.put("MAILSTORE_LMTP_MAX_CONNECTIONS", String.valueOf(LMTP_STALLED + NORMAL_SESSIONS + 10));
        try (ImapServe serve = ImapServe.start(dir, env)) {
            serve.addAccount(USER, PASSWORD);
            LmtpWire.deliver(serve.lmtp, USER, "Subject: steady\r\n\r\nthe message normal sessions read\r\n");
            Duration before = slowestNormalSession(serve);

            List<Socket> stalled = new ArrayList<>();
            Thread ticker = null;
            try {
                long opened = System.nanoTime();
                stall(stalled, serve.imap, IMAP_STALLED, "* OK", "s1 LOGIN " + USER);
                stall(stalled, serve.pop3, POP3_STALLED, "+OK", "USER " + USER);
                stall(stalled, serve.lmtp, LMTP_STALLED, "220", "LHLO half.example");
                List<Socket> trickling = new ArrayList<>();
                for (int i = 0; i < stalled.size(); i += TRICKLE_EVERY) trickling.add(stalled.get(i));
                ticker = Thread.ofVirtual().start(() -> trickle(trickling));
                log.info("{} connections stalled half-way through a command in {} ms, {} of them trickling", stalled.size(),
                        Duration.ofNanos(System.nanoTime() - opened).toMillis(), trickling.size());

                Duration during = slowestNormalSession(serve);
                log.info("slowest normal session: {} ms before the stall, {} ms during it", before.toMillis(), during.toMillis());
                assertTrue(during.compareTo(before.plus(SLOWDOWN_ALLOWED)) <= 0,
                        "normal sessions slowed from " + before.toMillis() + " ms to " + during.toMillis() + " ms");

                long waiting = System.nanoTime();
                int closed = 0;
                for (Socket s : stalled) {
                    if (closedByServer(s, IDLE_TIMEOUT.plus(RECLAIM_MARGIN))) closed++;
                }
                log.info("all stalled connections closed by serve {} ms after the normal sessions",
                        Duration.ofNanos(System.nanoTime() - waiting).toMillis());
                assertEquals(stalled.size(), closed, "every stalled connection closed by its idle or command timeout");
                assertTrue(slowestNormalSession(serve).compareTo(before.plus(SLOWDOWN_ALLOWED)) <= 0, "and serve still answers");
            } finally {
                if (ticker != null) ticker.interrupt();
                for (Socket s : stalled) s.close();
            }
        }
    }

    /** Opens {@code count} connections, reads each greeting, then sends {@code half} without its line end. */
    private static void stall(List<Socket> sockets, int port, int count, String greeting, String half) throws IOException {
        for (int i = 0; i < count; i++) {
            Socket s = new Socket("127.0.0.1", port);
            sockets.add(s);
            s.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
            String line = line(s.getInputStream());
            if (!line.startsWith(greeting)) throw new AssertionError("connection " + i + " to " + port + " greeted with " + line);
            OutputStream out = s.getOutputStream();
            out.write(half.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    /** One byte more of the command to each connection every tick, until the server has closed them all. */
    private static void trickle(List<Socket> sockets) {
        List<Socket> open = new ArrayList<>(sockets);
        while (!open.isEmpty()) {
            try {
                Thread.sleep(TICK);
            } catch (InterruptedException e) {
                return;
            }
            open.removeIf(s -> {
                try {
                    s.getOutputStream().write('x');
                    s.getOutputStream().flush();
                    return false;
                } catch (IOException e) {
                    return true; // closed by serve
                }
            });
        }
    }

    /** Reads until end of stream (the server may say BYE first); false when the socket stays open past {@code wait}. */
    private static boolean closedByServer(Socket s, Duration wait) throws IOException {
        s.setSoTimeout((int) wait.toMillis());
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // a goodbye line; the end of stream follows
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server: closed as well
        }
    }

    /** The slowest of a few rounds of a complete IMAP session and an LMTP delivery, one after another. */
    private static Duration slowestNormalSession(ImapServe serve) throws IOException {
        Duration slowest = Duration.ZERO;
        for (int i = 0; i < NORMAL_SESSIONS; i++) {
            long began = System.nanoTime();
            try (ImapWire imap = ImapWire.login(serve.imap, USER, PASSWORD)) {
                imap.ok("SELECT INBOX");
                imap.ok("FETCH 1:* (FLAGS BODY.PEEK[HEADER])");
                imap.ok("LOGOUT");
            }
            LmtpWire.deliver(serve.lmtp, USER, "Subject: during " + i + "\r\n\r\nnormal delivery\r\n");
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            if (took.compareTo(slowest) > 0) slowest = took;
        }
        return slowest;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) b.append((char) c);
        return b.toString().strip();
    }
}
