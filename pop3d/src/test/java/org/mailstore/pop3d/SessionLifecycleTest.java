package org.mailstore.pop3d;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.net.ServerEndpoint;
import org.mailstore.store.Account;
import org.mailstore.store.Flags;
import org.mailstore.store.Messages;

/** How POP3 sessions meet the rest of the store: IMAP-style expunges, lost locks, server shutdown, login failures. */
class SessionLifecycleTest {
    static final Duration AUTH_FAILURE_DELAY = Duration.ofMillis(400);

    private static LiveServer live;

    @BeforeAll
    static void start() throws IOException {
        live = LiveServer.start(Pop3Settings.defaults().withAuthFailureDelay(AUTH_FAILURE_DELAY));
    }

    @AfterAll
    static void stop() throws IOException {
        live.close();
    }

    @Test
    void anExpungeThroughTheStoreDisappearsFromTheNextSession() throws IOException {
        Account a = account("expunge@example.org");
        try (Pop3Client c = live.connect().login(a.address(), "secret")) {
            assertEquals("+OK 3 447", c.command("STAT"));
            c.command("QUIT");
        }
        expunge(a, 2);
        try (Pop3Client c = live.connect().login(a.address(), "secret")) {
            assertEquals("+OK 2 245", c.command("STAT"));
            List<String> uidl = c.multiline("UIDL");
            assertTrue(uidl.get(0).matches("1 00000001[0-9A-F]{8}"), uidl.toString());
            assertTrue(uidl.get(1).matches("2 00000003[0-9A-F]{8}"), uidl.toString());
            c.command("QUIT");
        }
    }

    @Test
    void aSessionKeepsItsSnapshotWhileTheStoreExpunges() throws IOException {
        Account a = account("snapshot@example.org");
        try (Pop3Client c = live.connect().login(a.address(), "secret")) {
            expunge(a, 2);
            assertEquals("+OK 3 447", c.command("STAT"));
            // Blobs outlive expunge until garbage collection, so the snapshot can still be read.
            assertEquals("+OK 202 octets", c.command("RETR 2"));
            for (String l = c.readLine(); !l.equals("."); l = c.readLine()) {
                // the message
            }
            assertEquals("+OK Marked to be deleted.", c.command("DELE 2"));
            assertEquals("+OK Marked to be deleted.", c.command("DELE 3"));
            assertEquals("+OK Logging out, messages deleted.", c.command("QUIT"));
        }
        assertEquals(List.of(1L), live.fixture.store.messages().list(a, inbox(a)).stream().map(m -> m.uid()).toList());
    }

    @Test
    void aSessionThatLostItsLockDeletesNothing() throws Exception {
        Account a = account("lost@example.org");
        try (Pop3Client c = live.connect().login(a.address(), "secret")) {
            assertEquals("+OK Marked to be deleted.", c.command("DELE 1"));
            try (Connection db = live.fixture.db.connect(); Statement st = db.createStatement()) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mailstore-maildrop-lock'"
                        + " AND datname = current_database()");
            }
            assertEquals("-ERR [SYS/TEMP] Lost the maildrop lock; no messages were deleted.", c.command("QUIT"));
            assertTrue(c.closedByServer());
        }
        assertEquals(3, live.fixture.mailbox(a, "INBOX").messages());
    }

    @Test
    void closingAServerEndsItsSessionsAndFreesTheirMaildrops() throws Exception {
        Account a = account("shutdown@example.org");
        Pop3Server other = Pop3Server.start(Pop3Settings.defaults(), live.fixture.store, ServerEndpoint.loopback());
        Pop3Client c = new Pop3Client(other.address()).login(a.address(), "secret");
        assertEquals("+OK Marked to be deleted.", c.command("DELE 1"));
        other.close();
        assertTrue(c.closedByServer());
        c.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Pop3Client again = live.connect()) {
                again.command("USER " + a.address());
                String answer = again.command("PASS secret");
                if (answer.equals("+OK Logged in.")) {
                    assertEquals("+OK 3 447", again.command("STAT"));
                    again.command("QUIT");
                    break;
                }
                assertEquals(Pop3Errors.IN_USE, answer);
            }
            assertTrue(System.nanoTime() < deadline, "the maildrop stayed locked after the server closed");
            Thread.sleep(50);
        }
    }

    @Test
    void everyFailedLoginGetsTheSameAnswerAfterTheSameDelay() throws IOException {
        account("victim@example.org");
        Account disabled = account("disabled@example.org");
        live.fixture.store.accounts().setDisabled(disabled.address(), true);
        String[][] attempts = {{"victim@example.org", "wrong"}, {"nobody@example.org", "secret"}, {"disabled@example.org", "secret"},
                {"not an address", "secret"}};
        for (String[] attempt : attempts) {
            try (Pop3Client c = live.connect()) {
                assertEquals("+OK", c.command("USER " + attempt[0]));
                long start = System.nanoTime();
                assertEquals("-ERR [AUTH] Authentication failed.", c.command("PASS " + attempt[1]), attempt[0]);
                long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                assertTrue(millis >= AUTH_FAILURE_DELAY.toMillis(), attempt[0] + " answered after " + millis + " ms");
            }
        }
    }

    private static Account account(String address) {
        Account a = live.fixture.account(address);
        Samples.fill(live.fixture.store, a);
        return a;
    }

    private static long inbox(Account a) {
        return live.fixture.mailbox(a, "INBOX").id();
    }

    /** What an IMAP client does: flag \Deleted, then EXPUNGE. */
    private static void expunge(Account a, long uid) {
        Messages m = live.fixture.store.messages();
        m.storeFlags(a, inbox(a), List.of(uid), Messages.FlagMode.ADD, Flags.of(List.of(Flags.DELETED)));
        assertEquals(List.of(uid), m.expungeDeleted(a, inbox(a), null));
    }
}
