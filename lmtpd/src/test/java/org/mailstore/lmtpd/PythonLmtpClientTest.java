package org.mailstore.lmtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.Account;
import org.mailstore.store.MessageView;
import org.mailstore.store.StoreFixture;

/** A real client checks our output: Python's smtplib.LMTP, run as a subprocess. */
class PythonLmtpClientTest {
    static StoreFixture f;
    static LmtpServer server;

    @BeforeAll
    static void start() throws IOException {
        f = new StoreFixture();
        f.account("one@python.test");
        f.account("two@python.test");
        server = LmtpServer.start(LmtpSettings.defaults().withHostname("lmtp.test"), f.store, new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        f.close();
    }

    @Test
    void smtplibDeliversAndReadsOneReplyPerRecipient(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("lmtp_client.py");
        try (InputStream in = getClass().getResourceAsStream("/python/lmtp_client.py")) {
            Files.copy(in, script);
        }
        Process p = new ProcessBuilder("python3", script.toString(), "127.0.0.1", String.valueOf(server.address().getPort()))
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertEquals(List.of(
                "lhlo 250 pipelining size 8bitmime chunking",
                "sendmail refused []",
                "mail 250",
                "rcpt one@python.test 250 2.1.5 <one@python.test> Recipient OK",
                "rcpt nobody@python.test 550 5.1.1 <nobody@python.test> User unknown",
                "rcpt two@python.test 250 2.1.5 <two@python.test> Recipient OK",
                "data 354",
                "delivery 250 2.0.0 <one@python.test> Saved",
                "delivery 250 2.0.0 <two@python.test> Saved",
                "quit 221"), out.lines().toList());

        Account one = f.store.accounts().get("one@python.test");
        List<MessageView> inbox = f.store.messages().list(one, f.mailbox(one, "INBOX").id());
        assertEquals(2, inbox.size());
        String first = Stored.content(f, inbox.get(0).blobHash());
        assertTrue(first.endsWith("\r\nSubject: from python\r\n\r\nhello\r\n.leading dot\r\n"), first);
        Account two = f.store.accounts().get("two@python.test");
        List<MessageView> twoInbox = f.store.messages().list(two, f.mailbox(two, "INBOX").id());
        assertEquals(List.of(inbox.get(1).blobHash()), twoInbox.stream().map(MessageView::blobHash).toList(), "one blob for both recipients");
    }
}
