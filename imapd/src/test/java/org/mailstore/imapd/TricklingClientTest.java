package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.net.CommandTimeouts;
import org.mailstore.net.testing.TricklingSender;
import org.mailstore.store.Account;

/**
 * A client that sends a byte every {@link TricklingSender#TICK} never lets the idle timeout fire; the command deadline
 * ({@code CommandDeadline}) cuts it off with {@code * BYE}, while a client on the same server is served at once,
 * IDLE is not a command that can run out of time, and an upload that keeps the minimum rate finishes.
 */
class TricklingClientTest {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    static final long MIN_BYTES_PER_SECOND = 20 * 1024;
    static final String BYE = "* BYE Command timed out; sent too slowly.";

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

    /** The BYE, then the end of the connection; returns how long after the first trickled byte the BYE came. */
    private static long cutOff(ImapClient c, TricklingSender sender) throws IOException {
        assertEquals(BYE, c.readLine());
        long millis = sender.elapsedMillis();
        assertThrows(EOFException.class, c::readLine);
        return millis;
    }

    @Test
    void aLoginTrickledAByteAtATimeIsCutWhileAnotherClientIsServedAtOnce() throws Exception {
        Account a = server.fixture.account("prompt@example.org");
        try (ImapClient slow = new ImapClient(server.address()); ImapClient prompt = new ImapClient(server.address())) {
            slow.readLine();
            TricklingSender sender = TricklingSender.start(slow.out, "t1 LOGIN prompt@example.org secret\r\n");

            long before = System.nanoTime();
            prompt.login(a.address());
            prompt.send("p1 NOOP");
            assertEquals("p1 OK NOOP completed.", prompt.readTagged("p1"));
            long promptMillis = (System.nanoTime() - before) / 1_000_000;
            assertTrue(promptMillis < COMMAND_TIMEOUT.toMillis(), "the prompt client waited " + promptMillis + " ms");

            TricklingSender.assertCutAtDeadline(cutOff(slow, sender), COMMAND_TIMEOUT);
            sender.close();

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
            TricklingSender sender = TricklingSender.start(slow.out, new byte[500]);
            TricklingSender.assertCutByDeadline(cutOff(slow, sender), COMMAND_TIMEOUT);
            sender.close();
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
        Duration pause = Duration.ofMillis(200); // 50 KiB/s against a minimum of 20 KiB/s: about 2.4 s in all
        try (ImapClient c = new ImapClient(server.address())) {
            c.login(a.address());
            c.send("u1 APPEND INBOX {" + chunk * chunks + "}");
            assertEquals("+ Ready for literal data", c.readLine());
            long start = System.nanoTime();
            byte[] piece = new byte[chunk];
            Arrays.fill(piece, (byte) 'x');
            TricklingSender.steadily(c.out, piece, chunks, pause);
            c.out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            String done = c.readTagged("u1");
            assertTrue(done.matches("u1 OK \\[APPENDUID \\d+ 1\\] APPEND completed\\."), done);
            assertTrue((System.nanoTime() - start) / 1_000_000 > COMMAND_TIMEOUT.toMillis());
        }
    }
}
