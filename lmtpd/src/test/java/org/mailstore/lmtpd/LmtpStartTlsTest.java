package org.mailstore.lmtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.net.ConnectionSecurity;
import org.mailstore.net.PlaintextPolicy;
import org.mailstore.net.SelfSignedCertificate;
import org.mailstore.net.ServerTls;
import org.mailstore.net.testing.TlsLineClient;
import org.mailstore.store.StoreFixture;

/** RFC 3207 STARTTLS on LMTP, against the JDK's TLS client. */
class LmtpStartTlsTest {
    private static final List<String> LHLO_BEFORE_TLS = List.of("250-lmtp.test", "250-8BITMIME", "250-CHUNKING",
            "250-ENHANCEDSTATUSCODES", "250-PIPELINING", "250-STARTTLS", "250 SIZE 52428800");
    private static final List<String> LHLO_AFTER_TLS = List.of("250-lmtp.test", "250-8BITMIME", "250-CHUNKING",
            "250-ENHANCEDSTATUSCODES", "250-PIPELINING", "250 SIZE 52428800");

    @TempDir
    static Path dir;
    static StoreFixture f;
    static ServerTls tls;
    static LmtpServer server;

    @BeforeAll
    static void start() throws Exception {
        f = new StoreFixture();
        f.account("bob@tls.test");
        SelfSignedCertificate.PemFiles files = SelfSignedCertificate.ensure(dir, "localhost");
        tls = ServerTls.load(files.certificate(), files.key());
        server = LmtpServer.start(LmtpSettings.defaults().withHostname("lmtp.test"),
                ConnectionSecurity.startTls(tls, PlaintextPolicy.DEFAULT), f.store, new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        f.close();
    }

    @Test
    void afterStartTlsTheSessionStartsOverAndWhatWasPipelinedInTheClearIsDropped() throws Exception {
        try (TlsLineClient c = new TlsLineClient(server.address(), tls.certificate())) {
            assertEquals("220 lmtp.test LMTP mailstore ready", c.line());
            c.send("LHLO client.test\r\n");
            assertEquals(LHLO_BEFORE_TLS, c.lines(7));
            // An attacker's envelope appended to STARTTLS: run after the handshake, it would put a message of
            // theirs into the client's encrypted session.
            c.send("STARTTLS\r\nLHLO evil.test\r\nMAIL FROM:<evil@example.org>\r\n");
            assertEquals("220 2.0.0 Ready to start TLS", c.line());
            c.startTls();
            c.send("MAIL FROM:<alice@example.org>\r\n");
            assertEquals("503 5.5.1 Send LHLO first", c.line());
            c.send("LHLO client.test\r\n");
            assertEquals(LHLO_AFTER_TLS, c.lines(6));
            c.send("STARTTLS\r\n");
            assertEquals("503 5.5.1 TLS already active", c.line());
            c.send("MAIL FROM:<alice@example.org>\r\nRCPT TO:<bob@tls.test>\r\nDATA\r\nSubject: over TLS\r\n\r\nbody\r\n.\r\nQUIT\r\n");
            assertEquals(List.of("250 2.1.0 Sender OK", "250 2.1.5 <bob@tls.test> Recipient OK",
                    "354 Start mail input; end with <CRLF>.<CRLF>", "250 2.0.0 <bob@tls.test> Saved", "221 2.0.0 lmtp.test Bye"), c.lines(5));
        }
        String stored = Stored.content(f, Stored.inbox(f, "bob@tls.test").getFirst().blobHash());
        assertTrue(stored.startsWith("Return-Path: <alice@example.org>\r\nReceived: from client.test ([127.0.0.1])\r\n"
                + "\tby lmtp.test (mailstore) with LMTPS id "), stored);
    }

    @Test
    void startTlsInsideATransactionIsRefused() throws Exception {
        try (TlsLineClient c = new TlsLineClient(server.address(), tls.certificate())) {
            c.line();
            c.send("LHLO client.test\r\nMAIL FROM:<a@example.org>\r\nSTARTTLS\r\nSTARTTLS now\r\nQUIT\r\n");
            List<String> lines = c.lines(11);
            assertEquals(List.of("250 2.1.0 Sender OK", "503 5.5.1 MAIL transaction in progress", "501 5.5.4 This command takes no arguments",
                    "221 2.0.0 lmtp.test Bye"), lines.subList(7, 11));
        }
    }
}
