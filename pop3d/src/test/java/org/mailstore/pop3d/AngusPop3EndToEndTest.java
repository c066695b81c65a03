package org.mailstore.pop3d;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.store.Account;
import org.mailstore.store.MessageView;
import org.mailstore.store.Recipient;

/** Angus Mail's POP3 provider against a live server, logging in with AUTH PLAIN or (its LOGIN) USER/PASS. */
class AngusPop3EndToEndTest {
    private static LiveServer live;

    @BeforeAll
    static void start() throws IOException {
        live = LiveServer.start();
    }

    @AfterAll
    static void stop() throws IOException {
        live.close();
    }

    @Test
    void readsEveryMessageAsDeliveredWithItsUidl() throws Exception {
        Account a = account("angus-read@example.org");
        ByteArrayOutputStream protocol = new ByteArrayOutputStream();
        Store store = connect(a, protocol, "PLAIN");
        try {
            POP3Folder inbox = (POP3Folder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<MessageView> views = live.fixture.store.messages().list(a, live.fixture.mailbox(a, "INBOX").id());
            long uidValidity = live.fixture.mailbox(a, "INBOX").uidValidity();
            assertEquals(4, inbox.getMessageCount());
            int[] sizes = inbox.getSizes(); // LIST
            for (int n = 1; n <= 4; n++) {
                Message m = inbox.getMessage(n);
                assertEquals(views.get(n - 1).size(), sizes[n - 1], "size of " + n);
                assertEquals(String.format("%08X%08X", views.get(n - 1).uid(), uidValidity), inbox.getUID(m));
            }
            assertEquals("dots", inbox.getMessage(2).getSubject()); // headers through TOP n 0
            for (int n : new int[] {1, 2, 4}) {
                ByteArrayOutputStream content = new ByteArrayOutputStream();
                inbox.getMessage(n).writeTo(content);
                assertArrayEquals(delivered(n), content.toByteArray(), "message " + n);
            }
            inbox.close(false);
        } finally {
            store.close();
        }
        String log = protocol.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("\nAUTH PLAIN "), log);
        assertTrue(log.contains("+OK Logged in."), log);
    }

    @Test
    void deletedFlagAndCloseWithExpungeRemoves() throws Exception {
        Account a = account("angus-delete@example.org");
        Store store = connect(a, new ByteArrayOutputStream(), "LOGIN");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.getMessage(2).setFlag(Flags.Flag.DELETED, true);
            inbox.getMessage(3).setFlag(Flags.Flag.DELETED, true);
            inbox.close(true);
        } finally {
            store.close();
        }
        assertEquals(List.of(1L, 4L), uids(a));
    }

    @Test
    void closeWithoutExpungeKeepsEverything() throws Exception {
        Account a = account("angus-keep@example.org");
        Store store = connect(a, new ByteArrayOutputStream(), "LOGIN");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.getMessage(1).setFlag(Flags.Flag.DELETED, true);
            inbox.close(false); // Angus sends RSET before QUIT
        } finally {
            store.close();
        }
        assertEquals(List.of(1L, 2L, 3L, 4L), uids(a));
    }

    /** {@code mechanism} PLAIN is RFC 5034 AUTH PLAIN; Angus's LOGIN means USER and PASS. */
    private static Store connect(Account a, ByteArrayOutputStream protocolLog, String mechanism) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.pop3.auth.mechanisms", mechanism);
        p.setProperty("mail.debug.auth", "true");
        p.setProperty("mail.pop3.host", live.host());
        p.setProperty("mail.pop3.port", Integer.toString(live.port()));
        p.setProperty("mail.pop3.connectiontimeout", "10000");
        p.setProperty("mail.pop3.timeout", "30000");
        p.setProperty("mail.pop3.rsetbeforequit", "true");
        Session session = Session.getInstance(p);
        session.setDebug(true);
        session.setDebugOut(new PrintStream(protocolLog, true, StandardCharsets.UTF_8));
        Store store = session.getStore("pop3");
        store.connect(a.address(), "secret");
        return store;
    }

    private static Account account(String address) {
        Account a = live.fixture.account(address);
        Samples.fill(live.fixture.store, a);
        var outcome = live.fixture.store.delivery().deliver(Samples.bytes(PoplibEndToEndTest.big()), List.of(new Recipient(address)),
                Samples.DATE).getFirst();
        assertEquals(true, outcome.delivered());
        return a;
    }

    private static byte[] delivered(int n) {
        String s = switch (n) {
            case 1 -> Samples.SIMPLE;
            case 2 -> Samples.DOTS;
            case 4 -> PoplibEndToEndTest.big();
            default -> throw new IllegalArgumentException();
        };
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Long> uids(Account a) {
        return live.fixture.store.messages().list(a, live.fixture.mailbox(a, "INBOX").id()).stream().map(MessageView::uid).toList();
    }
}
