package org.mailstore.lmtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.net.CommandTimeouts;
import org.mailstore.net.testing.TricklingSender;
import org.mailstore.store.StoreFixture;

/**
 * A client that sends a byte every {@link TricklingSender#TICK} never lets the idle timeout fire; the command deadline
 * cuts it off with {@code 421 4.4.2}, in a command line or in DATA, while another client delivers at once; a message
 * sent at the minimum rate takes longer than the command timeout and is delivered.
 */
class TricklingClientTest {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    static final long MIN_BYTES_PER_SECOND = 20 * 1024;
    static final String CUT = "421 4.4.2 lmtp.test Command timed out, closing connection";

    static StoreFixture f;
    static LmtpServer server;

    @BeforeAll
    static void start() throws IOException {
        f = new StoreFixture();
        f.account("bob@trickle.test");
        f.account("carol@trickle.test");
        f.account("dave@trickle.test");
        server = LmtpServer.start(LmtpSettings.defaults().withHostname("lmtp.test")
                        .withCommandTimeouts(new CommandTimeouts(COMMAND_TIMEOUT, MIN_BYTES_PER_SECOND)),
                f.store, new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        f.close();
    }

    /** The server's answer to the trickled bytes and its hang-up; returns how long after the first byte the answer came. */
    private static long cutOff(LmtpClient c, TricklingSender sender) throws IOException {
        assertEquals(CUT, c.line());
        long millis = sender.elapsedMillis();
        assertNull(c.line());
        return millis;
    }

    @Test
    void aTrickledCommandLineIsCutWhileAnotherClientDeliversAtOnce() throws Exception {
        try (LmtpClient slow = new LmtpClient(server.address()); LmtpClient prompt = new LmtpClient(server.address())) {
            assertTrue(slow.line().startsWith("220 "));
            TricklingSender sender = TricklingSender.start(slow.output(), "LHLO a-client-that-takes-its-time.example\r\n");

            long before = System.nanoTime();
            prompt.hello().send("MAIL FROM:<a@example.org>", "RCPT TO:<bob@trickle.test>", "DATA", "Subject: prompt", "", "hi", ".");
            assertEquals(List.of("250 2.1.0 Sender OK", "250 2.1.5 <bob@trickle.test> Recipient OK",
                    "354 Start mail input; end with <CRLF>.<CRLF>", "250 2.0.0 <bob@trickle.test> Saved"), prompt.lines(4));
            long promptMillis = (System.nanoTime() - before) / 1_000_000;
            assertTrue(promptMillis < COMMAND_TIMEOUT.toMillis(), "the prompt client waited " + promptMillis + " ms");

            TricklingSender.assertCutAtDeadline(cutOff(slow, sender), COMMAND_TIMEOUT);
            sender.close();
        }
        assertEquals(1, Stored.inbox(f, "bob@trickle.test").size());
    }

    @Test
    void aTrickledMessageIsCutInDataAndNothingIsStored() throws Exception {
        try (LmtpClient slow = new LmtpClient(server.address())) {
            slow.hello().send("MAIL FROM:<a@example.org>", "RCPT TO:<carol@trickle.test>", "DATA");
            assertEquals(List.of("250 2.1.0 Sender OK", "250 2.1.5 <carol@trickle.test> Recipient OK",
                    "354 Start mail input; end with <CRLF>.<CRLF>"), slow.lines(3));
            TricklingSender sender = TricklingSender.start(slow.output(), "Subject: slow\r\n\r\nthis body arrives a byte at a time\r\n.\r\n");
            TricklingSender.assertCutByDeadline(cutOff(slow, sender), COMMAND_TIMEOUT);
            sender.close();
        }
        assertEquals(0, Stored.inbox(f, "carol@trickle.test").size());
    }

    @Test
    void aMessageSentAtTheMinimumRateOutlastsTheCommandTimeoutAndIsDelivered() throws Exception {
        int chunk = 10 * 1024;
        int chunks = 12;
        Duration pause = Duration.ofMillis(200); // 50 KiB/s against a minimum of 20 KiB/s: about 2.4 s in all
        try (LmtpClient c = new LmtpClient(server.address())) {
            c.hello().send("MAIL FROM:<a@example.org>", "RCPT TO:<dave@trickle.test>", "DATA");
            assertEquals(List.of("250 2.1.0 Sender OK", "250 2.1.5 <dave@trickle.test> Recipient OK",
                    "354 Start mail input; end with <CRLF>.<CRLF>"), c.lines(3));
            long start = System.nanoTime();
            c.raw("Subject: slow but steady\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] line = new byte[chunk];
            Arrays.fill(line, (byte) 'x');
            line[chunk - 2] = '\r';
            line[chunk - 1] = '\n';
            TricklingSender.steadily(c.output(), line, chunks, pause);
            c.send(".");
            assertEquals("250 2.0.0 <dave@trickle.test> Saved", c.line());
            assertTrue((System.nanoTime() - start) / 1_000_000 > COMMAND_TIMEOUT.toMillis());
        }
        assertEquals(1, Stored.inbox(f, "dave@trickle.test").size());
    }
}
