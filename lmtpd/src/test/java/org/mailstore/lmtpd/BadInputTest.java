package org.mailstore.lmtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.store.StoreFixture;

/** Invariant 7: bad input gets its reply code and the session, or at least the server, survives. */
class BadInputTest {
    static final int MEGABYTE = 1 << 20;
    static StoreFixture f;
    static LmtpServer server;

    @BeforeAll
    static void start() throws IOException {
        f = new StoreFixture();
        f.account("bob@bad.test");
        server = LmtpServer.start(LmtpSettings.defaults().withHostname("lmtp.test"), f.store, new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        f.close();
    }

    @Test
    void binaryGarbageGetsErrorsAndTheSessionStillWorks() throws IOException {
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        for (int i = 99; i < garbage.length; i += 100) garbage[i] = '\n'; // many lines, each gets a reply
        garbage[garbage.length - 1] = '\n';
        int lines = 0;
        for (byte b : garbage) if (b == '\n') lines++;
        try (LmtpClient c = new LmtpClient(server.address()).hello()) {
            c.raw(garbage).send("NOOP");
            int replies = 0;
            for (String l; !(l = c.line()).equals("250 2.0.0 OK"); replies++) {
                assertTrue(l.matches("500 5\\.5\\.[12] .*"), l);
            }
            assertEquals(lines, replies);
        }
    }

    @Test
    void nulBytesInACommandAreRefusedAndInTheMessageAreStoredAsSent() throws IOException {
        try (LmtpClient c = new LmtpClient(server.address()).hello()) {
            c.raw("RCPT TO:<bob@bad.test>\0\r\nMAIL FROM:<a\0@b.test>\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(List.of("500 5.5.2 Invalid characters in command", "500 5.5.2 Invalid characters in command"), c.lines(2));
            c.send("MAIL FROM:<alice@example.org>", "RCPT TO:<bob@bad.test>", "DATA");
            assertEquals("354 Start mail input; end with <CRLF>.<CRLF>", c.lines(3).get(2));
            c.raw("Subject: nul\r\n\r\na\0b\r\n.\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("250 2.0.0 <bob@bad.test> Saved", c.line());
        }
        List<org.mailstore.store.MessageView> inbox = Stored.inbox(f, "bob@bad.test");
        assertTrue(Stored.content(f, inbox.getLast().blobHash()).endsWith("\r\nSubject: nul\r\n\r\na\0b\r\n"));
    }

    @Test
    void aCarriageReturnInsideAnEchoedAddressCannotSplitTheReply() throws IOException {
        try (LmtpClient c = new LmtpClient(server.address()).hello()) {
            c.send("MAIL FROM:<alice@example.org>");
            assertEquals("250 2.1.0 Sender OK", c.line());
            c.raw("RCPT TO:<bob@bad.test>\r250 2.1.5 <forged>\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(List.of("500 5.5.2 Invalid characters in command", "250 2.0.0 OK"), c.lines(2));
        }
    }

    @Test
    void aOneMegabyteCommandLineIsRefusedAndTheNextCommandRuns() throws IOException {
        byte[] line = new byte[MEGABYTE];
        Arrays.fill(line, (byte) 'A');
        try (LmtpClient c = new LmtpClient(server.address()).hello()) {
            c.raw(line).send("", "NOOP");
            assertEquals(List.of("500 5.5.2 Line too long", "250 2.0.0 OK"), c.lines(2));
        }
    }

    @Test
    void aOneMegabyteLineInsideTheMessageIsDeliveredWhole() throws IOException {
        byte[] line = new byte[MEGABYTE];
        Arrays.fill(line, (byte) 'x');
        try (LmtpClient c = new LmtpClient(server.address()).hello()) {
            c.send("MAIL FROM:<alice@example.org>", "RCPT TO:<bob@bad.test>", "DATA");
            assertEquals("354 Start mail input; end with <CRLF>.<CRLF>", c.lines(3).get(2));
            c.send("Subject: long line", "").raw(line).send("", ".");
            assertEquals("250 2.0.0 <bob@bad.test> Saved", c.line());
        }
        String stored = Stored.content(f, Stored.inbox(f, "bob@bad.test").getLast().blobHash());
        assertTrue(stored.endsWith("\r\nSubject: long line\r\n\r\n" + "x".repeat(MEGABYTE) + "\r\n"));
    }

    @Test
    void aHundredMegabyteMessageOverTheLimitIsReadToItsEndThenRefusedAndNothingIsStored() throws IOException {
        int before = Stored.inbox(f, "bob@bad.test").size();
        long blobsBefore = f.blobFiles();
        byte[] chunk = ("0123456789".repeat(99) + "\r\n").getBytes(StandardCharsets.US_ASCII); // 992 bytes a line
        try (LmtpClient c = new LmtpClient(server.address()).hello()) {
            c.send("MAIL FROM:<alice@example.org>", "RCPT TO:<bob@bad.test>", "DATA");
            assertEquals("354 Start mail input; end with <CRLF>.<CRLF>", c.lines(3).get(2));
            OutputStream out = c.output();
            byte[] block = new byte[chunk.length * 1024];
            for (int i = 0; i < 1024; i++) System.arraycopy(chunk, 0, block, i * chunk.length, chunk.length);
            for (long sent = 0; sent < 100L * MEGABYTE; sent += block.length) out.write(block);
            c.send(".", "NOOP");
            assertEquals(List.of("552 5.3.4 <bob@bad.test> Message too big for system", "250 2.0.0 OK"), c.lines(2));
        }
        assertEquals(before, Stored.inbox(f, "bob@bad.test").size());
        assertEquals(blobsBefore, f.blobFiles());
    }

    @Test
    void aClientVanishingInsideDataStoresNothingAndTheServerGoesOn() throws IOException {
        int before = Stored.inbox(f, "bob@bad.test").size();
        try (LmtpClient c = new LmtpClient(server.address()).hello()) {
            c.send("MAIL FROM:<alice@example.org>", "RCPT TO:<bob@bad.test>", "DATA");
            c.lines(3);
            c.send("Subject: cut short", "", "half a message");
        }
        try (LmtpClient c = new LmtpClient(server.address()).hello()) {
            c.send("NOOP");
            assertEquals("250 2.0.0 OK", c.line());
        }
        assertEquals(before, Stored.inbox(f, "bob@bad.test").size());
    }

    @Test
    void connectionsOverTheLimitAreGreetedWith421AndClosed() throws IOException {
        try (LmtpServer small = LmtpServer.start(LmtpSettings.defaults().withHostname("lmtp.test").withMaxConnections(2), f.store,
                new InetSocketAddress("127.0.0.1", 0));
             LmtpClient one = new LmtpClient(small.address()).hello();
             LmtpClient two = new LmtpClient(small.address()).hello();
             LmtpClient three = new LmtpClient(small.address())) {
            assertEquals("421 4.3.2 lmtp.test Too many connections, try again later", three.line());
            assertNull(three.line());
            one.send("NOOP");
            two.send("NOOP");
            assertEquals("250 2.0.0 OK", one.line());
            assertEquals("250 2.0.0 OK", two.line());
        }
    }
}
