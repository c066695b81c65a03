package org.mailstore.lmtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.blobstore.FileBlobStore;
import org.mailstore.store.StoreFixture;

/**
 * The blob store cannot take the message (here its temp directory is replaced by a file, which
 * fails every put as a full or broken disk would, even for root): each recipient gets 452 4.3.1,
 * nothing is stored, and delivery works again once the fault is gone.
 */
class BlobStoreFaultTest {
    static StoreFixture f;
    static LmtpServer server;

    @BeforeAll
    static void start() throws IOException {
        f = new StoreFixture();
        f.account("a@blob.test");
        f.account("b@blob.test");
        server = LmtpServer.start(LmtpSettings.defaults(), f.store, new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        f.close();
    }

    @Test
    void aFailingBlobStoreGives452PerRecipientAndRecovers() throws Exception {
        Path tmp = f.blobDir.resolve(FileBlobStore.TEMP_DIRECTORY);
        try (LmtpClient c = new LmtpClient(server.address()).hello()) {
            Files.delete(tmp);
            Files.writeString(tmp, "not a directory");
            c.send("MAIL FROM:<alice@example.org>", "RCPT TO:<a@blob.test>", "RCPT TO:<b@blob.test>", "DATA");
            assertEquals("354 Start mail input; end with <CRLF>.<CRLF>", c.lines(4).get(3));
            c.send("Subject: no room", "", "body", ".");
            assertEquals(List.of("452 4.3.1 <a@blob.test> Insufficient system storage", "452 4.3.1 <b@blob.test> Insufficient system storage"),
                    c.lines(2));
            assertEquals(0, Stored.inbox(f, "a@blob.test").size() + Stored.inbox(f, "b@blob.test").size());

            Files.delete(tmp);
            Files.createDirectory(tmp);
            c.send("MAIL FROM:<alice@example.org>", "RCPT TO:<a@blob.test>", "RCPT TO:<b@blob.test>", "DATA");
            assertEquals("354 Start mail input; end with <CRLF>.<CRLF>", c.lines(4).get(3));
            c.send("Subject: room again", "", "body", ".");
            assertEquals(List.of("250 2.0.0 <a@blob.test> Saved", "250 2.0.0 <b@blob.test> Saved"), c.lines(2));
        }
        assertEquals(1, Stored.inbox(f, "a@blob.test").size());
        assertEquals(1, Stored.inbox(f, "b@blob.test").size());
    }
}
