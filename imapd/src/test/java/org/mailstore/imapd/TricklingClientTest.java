package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.net.CommandTimeouts;
import org.mailstore.store.Account;

/**
 * A client that sends a byte every {@value #TICK_MILLIS} ms never lets the idle timeout fire; the command deadline
 * ({@code CommandDeadline}) cuts it off with {@code * BYE}, while a client on the same server is served at once,
 * IDLE is not a command that can run out of time, and an upload that keeps the minimum rate finishes.
 */
class TricklingClientTest {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    static final long MIN_BYTES_PER_SECOND = 20 * 1024;
    static final long TICK_MILLIS = 150;
    static final String BYE = "* BYE Command timed out; sent too slowly.";
    /** How late after its deadline the cut may come on a loaded machine. */
    static final long SLACK_MILLIS = 3_000;

    private static LiveServer server;

    @BeforeAll
    static void start() throws IOException {
        server = LiveServer.start(ImapSettings.defaults().withAuthFailureDelay(LiveServer.TEST_AUTH_FAILURE_DELAY)
                .withCommandTimeouts(new CommandTimeouts(COMMAND_TIMEOUT, MIN_BYTES_PER_SECOND)));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    /** Sends {@code bytes} one per tick until done or the server hangs up. */
    private static Thread trickle(ImapClient c, byte[] bytes) {
        return Thread.ofVirtual().start(() -> {
            try {
                for (byte b : bytes) {
                    c.out.write(b);
                    c.out.flush();
                    Thread.sleep(TICK_MILLIS);
                }
            } catch (IOException | InterruptedException e) {
                // cut off by the server, as expected
            }
        });
    }

    /** The BYE, then the end of the connection; returns how long after {@code startNanos} the BYE came. */
    private static long cutOff(ImapClient c, long startNanos) throws IOException {
        assertEquals(BYE, c.readLine());
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        assertThrows(EOFException.class, c::readLine);
        return millis;
    }

    @Test
    void aLoginTrickledAByteAtATimeIsCutWhileAnotherClientIsServedAtOnce() throws Exception {
        Account a = server.fixture.account("prompt@example.org");
        try (ImapClient slow = new ImapClient(server.address()); ImapClient prompt = new ImapClient(server.address())) {
            slow.readLine();
            long start = System.nanoTime();
            Thread sender = trickle(slow, "t1 LOGIN prompt@example.org secret\r\n".getBytes(StandardCharsets.US_ASCII));

            long before = System.nanoTime();
            prompt.login(a.address());
            prompt.send("p1 NOOP");
            assertEquals("p1 OK NOOP completed.", prompt.readTagged("p1"));
            long promptMillis = (System.nanoTime() - before) / 1_000_000;
            assertTrue(promptMillis < COMMAND_TIMEOUT.toMillis(), "the prompt client waited " + promptMillis + " ms");

            long cut = cutOff(slow, start);
            assertTrue(cut >= COMMAND_TIMEOUT.toMillis() && cut < COMMAND_TIMEOUT.toMillis() + SLACK_MILLIS, "cut after " + cut + " ms");
            sender.interrupt();

            prompt.send("p2 LOGOUT");
            assertEquals("p2 OK LOGOUT completed.", prompt.readTagged("p2"));
        }
    }

    @Test
    void anAppendLiteralTrickledAfterLoginIsCutAndNothingIsAppended() throws Exception {
        Account a = server.fixture.account("trickle-append@example.org");
        try (ImapClient slow = new ImapClient(server.address())) {
            slow.login(a.address());
            slow.send("t1 APPEND INBOX {500}");
            assertEquals("+ Ready for literal data", slow.readLine());
            long start = System.nanoTime();
            Thread sender = trickle(slow, new byte[500]);
            long cut = cutOff(slow, start);
            assertTrue(cut < COMMAND_TIMEOUT.toMillis() + SLACK_MILLIS, "cut after " + cut + " ms");
            sender.interrupt();
        }
        try (ImapClient check = new ImapClient(server.address())) {
            check.login(a.address());
            check.send("c1 STATUS INBOX (MESSAGES)");
            assertEquals("* STATUS \"INBOX\" (MESSAGES 0)", check.readLine());
        }
    }

    @Test
    void idleOutlastsTheCommandTimeoutAndEndsWithDone() throws Exception {
        Account a = server.fixture.account("idler@example.org");
        try (ImapClient c = new ImapClient(server.address())) {
            c.login(a.address());
            c.send("i1 SELECT INBOX");
            assertTrue(c.readTagged("i1").startsWith("i1 OK"));
            c.send("i2 IDLE");
            assertEquals("+ idling", c.readLine());
            Thread.sleep(COMMAND_TIMEOUT.toMillis() * 3);
            c.send("DONE");
            assertEquals("i2 OK IDLE terminated.", c.readTagged("i2"));
            c.send("i3 NOOP");
            assertEquals("i3 OK NOOP completed.", c.readTagged("i3"));
        }
    }

    @Test
    void anUploadAtTheMinimumRateTakesLongerThanTheCommandTimeoutAndSucceeds() throws Exception {
        Account a = server.fixture.account("slow-upload@example.org");
        int chunk = 10 * 1024;
        int chunks = 12;
        long pauseMillis = 200; // 50 KiB/s against a minimum of 20 KiB/s: about 2.4 s in all
        try (ImapClient c = new ImapClient(server.address())) {
            c.login(a.address());
            c.send("u1 APPEND INBOX {" + chunk * chunks + "}");
            assertEquals("+ Ready for literal data", c.readLine());
            long start = System.nanoTime();
            OutputStream out = c.out;
            byte[] piece = new byte[chunk];
            java.util.Arrays.fill(piece, (byte) 'x');
            for (int i = 0; i < chunks; i++) {
                out.write(piece);
                out.flush();
                Thread.sleep(pauseMillis);
            }
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String done = c.readTagged("u1");
            assertTrue(done.matches("u1 OK \\[APPENDUID \\d+ 1\\] APPEND completed\\."), done);
            assertTrue((System.nanoTime() - start) / 1_000_000 > COMMAND_TIMEOUT.toMillis());
        }
    }
}
