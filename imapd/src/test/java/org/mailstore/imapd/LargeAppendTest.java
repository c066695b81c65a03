package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.store.Account;

/** A 20 MB APPEND streams into the store and comes back byte for byte from FETCH BODY[]. */
class LargeAppendTest {
    static final int SIZE = 20 * 1024 * 1024;

    private static LiveServer server;

    @BeforeAll
    static void start() throws IOException {
        server = LiveServer.start();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    @Test
    void twentyMegabytesGoInAndComeBackUnchanged() throws Exception {
        Account a = server.fixture.account("large@example.org");
        byte[] sent;
        try (ImapClient c = new ImapClient(server.address())) {
            c.login(a.address());
            c.send("a1 APPEND INBOX {" + SIZE + "}");
            assertEquals("+ Ready for literal data", c.readLine());
            MessageDigest digest = sha256();
            OutputStream body = new DigestOutputStream(c.out, digest);
            writeMessage(body);
            c.out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            sent = digest.digest();
            String done = c.readTagged("a1");
            assertTrue(done.matches("a1 OK \\[APPENDUID \\d+ 1\\] APPEND completed\\."), done);

            c.send("a2 EXAMINE INBOX");
            assertTrue(c.readTagged("a2").startsWith("a2 OK"));
            c.send("a3 FETCH 1 (RFC822.SIZE BODY.PEEK[])");
            assertEquals("* 1 FETCH (RFC822.SIZE " + SIZE + " BODY[] {" + SIZE + "}", c.readLine());
            MessageDigest back = sha256();
            c.readExactly(SIZE, new DigestOutputStream(OutputStream.nullOutputStream(), back));
            assertEquals(")", c.readLine());
            assertEquals("a3 OK FETCH completed.", c.readLine());
            assertArrayEquals(sent, back.digest());
        }
    }

    /** A header, then lines of text up to exactly {@link #SIZE} bytes. */
    private static void writeMessage(OutputStream out) throws IOException {
        byte[] header = "From: big@example.org\r\nSubject: large\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        out.write(header);
        byte[] line = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n".getBytes(StandardCharsets.US_ASCII);
        long left = SIZE - header.length;
        while (left > 0) {
            int n = (int) Math.min(left, line.length);
            out.write(line, 0, n);
            left -= n;
        }
    }

    private static MessageDigest sha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256");
    }
}
