package org.mailstore.lmtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.MailStore;
import org.mailstore.store.journal.JournalEntry;
import org.mailstore.store.journal.JournalReader;
import org.mailstore.store.journal.JournalRecord;

/**
 * PostgreSQL stops in the middle of a session: every accepted recipient gets 451 4.3.0, nothing is
 * half-stored (no row, no journal record), the server keeps running, and once PostgreSQL is back
 * the same delivery succeeds on the same connection. This class runs its own PostgreSQL so that
 * stopping it harms no other test.
 */
class DatabaseFaultTest {
    /** Short, so a stopped database fails a transaction in about a second instead of Hikari's 30 s. */
    static final long CONNECTION_TIMEOUT_MILLIS = 1_000;
    static final long RECOVERY_WAIT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(60);

    @TempDir
    static Path dir;
    static EmbeddedPostgres pg;
    static int port;
    static HikariDataSource ds;
    static MailStore store;
    static LmtpServer server;

    @BeforeAll
    static void start() throws IOException {
        pg = postgres(0);
        port = pg.getPort();
        String url = pg.getJdbcUrl("postgres", "postgres");
        Flyway.configure().dataSource(url, "postgres", "").locations("classpath:db/migration").load().migrate();
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setUsername("postgres");
        cfg.setMaximumPoolSize(4);
        cfg.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        ds = new HikariDataSource(cfg);
        store = MailStore.open(ds, dir.resolve("blobs"), 2, dir.resolve("journal"), "fault");
        store.accounts().create("a@fault.test", "pw".toCharArray());
        store.accounts().create("b@fault.test", "pw".toCharArray());
        server = LmtpServer.start(LmtpSettings.defaults().withHostname("lmtp.test"), store, new InetSocketAddress("127.0.0.1", 0));
    }

    static EmbeddedPostgres postgres(int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false).setPort(port).start();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        store.close();
        ds.close();
        pg.close();
    }

    @Test
    void databaseStoppedMidSessionGives451PerRecipientAndTheSameDeliveryWorksAfterRestart() throws Exception {
        try (LmtpClient c = new LmtpClient(server.address()).hello()) {
            c.send("MAIL FROM:<alice@example.org>", "RCPT TO:<a@fault.test>", "RCPT TO:<b@fault.test>");
            assertEquals(List.of("250 2.1.0 Sender OK", "250 2.1.5 <a@fault.test> Recipient OK", "250 2.1.5 <b@fault.test> Recipient OK"),
                    c.lines(3));

            pg.close(); // a fast shutdown: the pool's connections break under it
            c.send("DATA");
            assertEquals("354 Start mail input; end with <CRLF>.<CRLF>", c.line());
            c.send("Subject: during the outage", "", "body", ".");
            assertEquals(List.of("451 4.3.0 <a@fault.test> Temporary local failure, try again later",
                    "451 4.3.0 <b@fault.test> Temporary local failure, try again later"), c.lines(2));
            c.send("MAIL FROM:<alice@example.org>", "RCPT TO:<a@fault.test>");
            assertEquals(List.of("250 2.1.0 Sender OK", "451 4.3.0 <a@fault.test> Temporary local failure, try again later"), c.lines(2));
            c.send("RSET");
            assertEquals("250 2.0.0 OK", c.line());

            pg = postgres(port);
            awaitPoolRecovery();
            assertEquals(List.of(), appendedMailboxes(), "nothing journaled for the failed delivery");
            assertEquals(0, rows());

            c.send("MAIL FROM:<alice@example.org>", "RCPT TO:<a@fault.test>", "RCPT TO:<b@fault.test>", "DATA");
            assertEquals(List.of("250 2.1.0 Sender OK", "250 2.1.5 <a@fault.test> Recipient OK", "250 2.1.5 <b@fault.test> Recipient OK",
                    "354 Start mail input; end with <CRLF>.<CRLF>"), c.lines(4));
            c.send("Subject: during the outage", "", "body", ".");
            assertEquals(List.of("250 2.0.0 <a@fault.test> Saved", "250 2.0.0 <b@fault.test> Saved"), c.lines(2));
        }
        assertEquals(2, rows());
        assertEquals(List.of("a@fault.test INBOX", "b@fault.test INBOX"), appendedMailboxes());
    }

    /**
     * The pool reconnects by itself; it may be waiting out a back-off from the failed attempts first.
     * Connections it opened before the restart are broken but may still look alive inside Hikari's
     * validation bypass window, so they are evicted first: otherwise the next statement can land on
     * one of them (as a real server's would, answering that one delivery with a 451 the MTA retries).
     */
    private static void awaitPoolRecovery() throws InterruptedException {
        ds.getHikariPoolMXBean().softEvictConnections();
        long deadline = System.nanoTime() + RECOVERY_WAIT_NANOS;
        while (true) {
            try {
                ds.getConnection().close();
                return;
            } catch (java.sql.SQLException e) {
                if (System.nanoTime() > deadline) throw new AssertionError("the pool did not reconnect", e);
                Thread.sleep(100);
            }
        }
    }

    private static int rows() throws Exception {
        try (Connection db = ds.getConnection(); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM messages")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<String> appendedMailboxes() throws IOException {
        try (var entries = JournalReader.readAll(dir.resolve("journal"))) {
            return entries.map(JournalEntry::record).filter(r -> r instanceof JournalRecord.MessageAppended)
                    .map(r -> (JournalRecord.MessageAppended) r).map(m -> m.address() + " " + m.mailboxName()).sorted().toList();
        }
    }
}
