package org.mailstore.lmtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.store.StoreFixture;

/** RFC 2920 from a raw socket: everything in one write, including what a careful client would wait for. */
class PipeliningTest {
    static StoreFixture f;
    static LmtpServer server;

    @BeforeAll
    static void start() throws IOException {
        f = new StoreFixture();
        f.account("bob@pipe.test");
        f.account("carol@pipe.test");
        server = LmtpServer.start(LmtpSettings.defaults().withHostname("lmtp.test"), f.store, new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        f.close();
    }

    @Test
    void aWholeSessionInOneWriteGetsEveryReplyInOrder() throws IOException {
        try (LmtpClient c = new LmtpClient(server.address())) {
            c.send("LHLO client.test", "MAIL FROM:<alice@example.org>", "RCPT TO:<bob@pipe.test>", "RCPT TO:<carol@pipe.test>",
                    "DATA", "Subject: one write", "", "body", ".",
                    "MAIL FROM:<>", "RCPT TO:<bob@pipe.test>", "BDAT 12 LAST", "Subject: x",
                    "NOOP", "QUIT");
            assertEquals(List.of(
                    "220 lmtp.test LMTP mailstore ready",
                    "250-lmtp.test", "250-8BITMIME", "250-CHUNKING", "250-ENHANCEDSTATUSCODES", "250-PIPELINING", "250 SIZE 52428800",
                    "250 2.1.0 Sender OK",
                    "250 2.1.5 <bob@pipe.test> Recipient OK",
                    "250 2.1.5 <carol@pipe.test> Recipient OK",
                    "354 Start mail input; end with <CRLF>.<CRLF>",
                    "250 2.0.0 <bob@pipe.test> Saved",
                    "250 2.0.0 <carol@pipe.test> Saved",
                    "250 2.1.0 Sender OK",
                    "250 2.1.5 <bob@pipe.test> Recipient OK",
                    "250 2.0.0 <bob@pipe.test> Saved",
                    "250 2.0.0 OK",
                    "221 2.0.0 lmtp.test Bye"), c.lines(18));
            assertEquals(null, c.line());
        }
        assertEquals(2, Stored.inbox(f, "bob@pipe.test").size());
        assertEquals(1, Stored.inbox(f, "carol@pipe.test").size());
        String bdat = Stored.content(f, Stored.inbox(f, "bob@pipe.test").get(1).blobHash());
        assertTrue(bdat.startsWith("Return-Path: <>\r\nReceived: from client.test ([127.0.0.1])\r\n\tby lmtp.test (mailstore) with LMTP id "), bdat);
        assertTrue(bdat.endsWith(" +0000\r\nSubject: x\r\n"), bdat);
    }
}
