package org.mailstore.lmtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.store.StoreFixture;

/** One message to 500 recipients: 500 per-recipient replies, 500 rows, one blob (invariant 2). */
class FiveHundredRecipientsTest {
    static final int RECIPIENTS = 500;
    static StoreFixture f;
    static LmtpServer server;

    @BeforeAll
    static void start() throws IOException {
        f = new StoreFixture();
        IntStream.range(0, RECIPIENTS).parallel().forEach(i -> f.account("r" + i + "@many.test"));
        server = LmtpServer.start(LmtpSettings.defaults(), f.store, new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        f.close();
    }

    @Test
    void oneBlobFiveHundredRowsFiveHundredReplies() throws Exception {
        long blobsBefore = f.blobFiles();
        List<String> commands = new ArrayList<>(List.of("MAIL FROM:<alice@example.org>"));
        for (int i = 0; i < RECIPIENTS; i++) commands.add("RCPT TO:<r" + i + "@many.test>");
        commands.add("DATA");
        try (LmtpClient c = new LmtpClient(server.address()).hello()) {
            c.send(commands.toArray(String[]::new));
            assertEquals("250 2.1.0 Sender OK", c.line());
            for (int i = 0; i < RECIPIENTS; i++) assertEquals("250 2.1.5 <r" + i + "@many.test> Recipient OK", c.line());
            assertEquals("354 Start mail input; end with <CRLF>.<CRLF>", c.line());
            c.send("Subject: to five hundred", "", "hello all", ".");
            for (int i = 0; i < RECIPIENTS; i++) assertEquals("250 2.0.0 <r" + i + "@many.test> Saved", c.line());
            c.send("QUIT");
            assertEquals("221", c.line().substring(0, 3));
        }
        assertEquals(blobsBefore + 1, f.blobFiles());
        try (Connection db = f.dataSource.getConnection(); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT blob_hash), count(DISTINCT account_id) FROM messages")) {
            rs.next();
            assertEquals(List.of(RECIPIENTS, 1, RECIPIENTS), List.of(rs.getInt(1), rs.getInt(2), rs.getInt(3)));
        }
    }
}
