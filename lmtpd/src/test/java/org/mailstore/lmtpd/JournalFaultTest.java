package org.mailstore.lmtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.store.MailStore;
import org.mailstore.store.StoreFixture;

/**
 * The delivery journal refuses the record (here: it was closed under the server, as at shutdown;
 * after an I/O error it refuses the same way): each recipient gets 451 4.3.0 and no row is
 * committed, because the journal record must be durable before the rows are (invariant 5).
 */
class JournalFaultTest {
    static StoreFixture f;
    static MailStore store;
    static LmtpServer server;

    @BeforeAll
    static void start() throws IOException {
        f = new StoreFixture();
        f.account("a@journal.test");
        f.account("b@journal.test");
        store = MailStore.open(f.dataSource, f.blobDir, 2, f.root.resolve("journal-under-test"), "journal-fault");
        server = LmtpServer.start(LmtpSettings.defaults(), store, new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        f.close();
    }

    @Test
    void aJournalThatCannotRecordGives451PerRecipientAndNoRow() throws IOException {
        try (LmtpClient c = new LmtpClient(server.address()).hello()) {
            c.send("MAIL FROM:<alice@example.org>", "RCPT TO:<a@journal.test>", "RCPT TO:<b@journal.test>", "DATA");
            assertEquals("354 Start mail input; end with <CRLF>.<CRLF>", c.lines(4).get(3));
            store.close();
            c.send("Subject: unrecorded", "", "body", ".");
            assertEquals(List.of("451 4.3.0 <a@journal.test> Temporary local failure, try again later",
                    "451 4.3.0 <b@journal.test> Temporary local failure, try again later"), c.lines(2));
        }
        assertEquals(0, Stored.inbox(f, "a@journal.test").size() + Stored.inbox(f, "b@journal.test").size());
    }
}
