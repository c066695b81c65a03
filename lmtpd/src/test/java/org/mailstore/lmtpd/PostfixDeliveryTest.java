package org.mailstore.lmtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.store.Account;
import org.mailstore.store.MessageView;
import org.mailstore.store.StoreFixture;

/**
 * A real Postfix (Debian's package; .ci/run installs it) as the MTA: a private instance with its
 * own configuration and queue in a temporary directory, listening on a loopback port only, takes a
 * message over SMTP and relays it over LMTP to our server, where it lands in the mailbox its
 * {@code +detail} names. Skipped only where Postfix is not installed.
 */
class PostfixDeliveryTest {
    static final Path POSTFIX = Path.of("/usr/sbin/postfix");
    static final long DELIVERY_WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    static StoreFixture f;
    static LmtpServer server;
    static Path dir;
    static int smtpPort;
    static boolean started;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(POSTFIX), "Postfix is not installed");
        f = new StoreFixture();
        Account bob = f.account("bob@lmtp.test");
        f.store.mailboxes().create(bob, "Lists");
        server = LmtpServer.start(LmtpSettings.defaults().withHostname("lmtp.test"), f.store, new InetSocketAddress("127.0.0.1", 0));
        dir = Files.createTempDirectory("postfix-lmtp-test");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // Postfix's daemons run as user postfix
        smtpPort = freePort();
        configure(dir, smtpPort, server.address().getPort());
        postfix("start");
        started = true;
    }

    @AfterAll
    static void stop() throws Exception {
        if (started) postfix("stop");
        if (server != null) server.close();
        if (f != null) f.close();
        if (dir != null) {
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void postfixRelaysOverLmtpIntoTheMailboxTheDetailNames() throws Exception {
        try (LmtpClient smtp = new LmtpClient(new InetSocketAddress("127.0.0.1", smtpPort))) {
            assertTrue(smtp.line().startsWith("220 postfix.test"));
            smtp.send("EHLO client.test");
            assertTrue(smtp.reply().getLast().startsWith("250 "));
            smtp.send("MAIL FROM:<alice@example.org>");
            assertEquals("250 2.1.0 Ok", smtp.line());
            smtp.send("RCPT TO:<bob+Lists@lmtp.test>");
            assertEquals("250 2.1.5 Ok", smtp.line());
            smtp.send("DATA");
            assertTrue(smtp.line().startsWith("354 "));
            smtp.send("From: Alice <alice@example.org>", "To: bob+Lists@lmtp.test", "Subject: through postfix", "",
                    "..a line that starts with a dot", "the end", ".");
            assertTrue(smtp.line().startsWith("250 2.0.0 Ok: queued as "));
            smtp.send("QUIT");
        }
        Account bob = f.store.accounts().get("bob@lmtp.test");
        long lists = f.mailbox(bob, "Lists").id();
        long deadline = System.nanoTime() + DELIVERY_WAIT_NANOS;
        List<MessageView> delivered;
        while ((delivered = f.store.messages().list(bob, lists)).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "not delivered; Postfix log:\n" + log());
            Thread.sleep(100);
        }
        assertEquals(1, delivered.size());
        assertEquals(0, f.store.messages().list(bob, f.mailbox(bob, "INBOX").id()).size());
        String message = Stored.content(f, delivered.getFirst().blobHash());
        assertTrue(message.startsWith("Return-Path: <alice@example.org>\r\nReceived: from postfix.test ([127.0.0.1])\r\n\tby lmtp.test (mailstore) with LMTP id "),
                message);
        assertTrue(message.contains("\r\nReceived: from client.test (localhost [127.0.0.1])\r\n\tby postfix.test (Postfix) with ESMTP id "), message);
        assertTrue(message.contains("\r\nSubject: through postfix\r\n"), message);
        assertTrue(message.endsWith("\r\n\r\n.a line that starts with a dot\r\nthe end\r\n"), message);
        assertTrue(log().matches("(?s).*to=<bob\\+Lists@lmtp\\.test>, relay=127\\.0\\.0\\.1\\[127\\.0\\.0\\.1\\]:" + server.address().getPort()
                + ", .*status=sent \\(250 2\\.0\\.0 <bob\\+Lists@lmtp\\.test> Saved\\).*"), log());
    }

    private static String log() throws IOException {
        Path maillog = dir.resolve("maillog");
        return Files.exists(maillog) ? Files.readString(maillog, StandardCharsets.UTF_8) : "(no log)";
    }

    /** A private instance: only loopback, no local delivery, lmtp.test relayed over LMTP to our port. */
    private static void configure(Path dir, int smtpPort, int lmtpPort) throws IOException {
        Path queue = Files.createDirectory(dir.resolve("queue"));
        Path data = Files.createDirectory(dir.resolve("data"));
        UserPrincipal postfix = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postfix");
        Files.setOwner(data, postfix);
        Files.writeString(dir.resolve("main.cf"), String.join("\n",
                "compatibility_level = 3.6",
                "queue_directory = " + queue,
                "data_directory = " + data,
                "maillog_file = " + dir.resolve("maillog"),
                "maillog_file_prefixes = " + dir,
                "syslog_name = postfix-mailstore-test",
                "myhostname = postfix.test",
                "mydomain = postfix.test",
                "myorigin = postfix.test",
                "mydestination =",
                "local_recipient_maps =",
                "alias_maps =",
                "alias_database =",
                "relay_domains = lmtp.test",
                "relay_recipient_maps =",
                "relay_transport = lmtp:inet:127.0.0.1:" + lmtpPort,
                "inet_interfaces = loopback-only",
                "inet_protocols = ipv4",
                "mynetworks = 127.0.0.0/8",
                "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination",
                "smtputf8_enable = no",
                "biff = no",
                ""));
        Files.writeString(dir.resolve("master.cf"), String.join("\n",
                "127.0.0.1:" + smtpPort + " inet n - n - - smtpd",
                "pickup    unix  n - n 60   1 pickup",
                "cleanup   unix  n - n -    0 cleanup",
                "qmgr      unix  n - n 300  1 qmgr",
                "rewrite   unix  - - n -    - trivial-rewrite",
                "bounce    unix  - - n -    0 bounce",
                "defer     unix  - - n -    0 bounce",
                "trace     unix  - - n -    0 bounce",
                "verify    unix  - - n -    1 verify",
                "flush     unix  n - n 1000? 0 flush",
                "proxymap  unix  - - n -    - proxymap",
                "smtp      unix  - - n -    - smtp",
                "relay     unix  - - n -    - smtp",
                "showq     unix  n - n -    - showq",
                "error     unix  - - n -    - error",
                "retry     unix  - - n -    - error",
                "discard   unix  - - n -    - discard",
                "lmtp      unix  - - n -    - lmtp",
                "anvil     unix  - - n -    1 anvil",
                "scache    unix  - - n -    1 scache",
                "postlog   unix-dgram n - n - 1 postlogd",
                ""));
    }

    private static void postfix(String command) throws Exception {
        Process p = new ProcessBuilder(POSTFIX.toString(), "-c", dir.toString(), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "postfix " + command + " hangs");
        assertEquals(0, p.exitValue(), "postfix " + command + ":\n" + out + "\n" + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
