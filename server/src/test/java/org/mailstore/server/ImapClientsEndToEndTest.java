package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.SubjectTerm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;

/**
 * Real IMAP clients against {@code serve}: Angus Mail's IMAP provider (IMAPFolder, UIDFolder, IDLE, MOVE, search)
 * and Python's imaplib, on mail delivered through {@code deliver} and LMTP; POP3 then sees the same maildrop.
 */
class ImapClientsEndToEndTest {
    static final long PROCESS_TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    static String message(String from, String subject, String body) {
        return "From: " + from + "\r\nTo: reader@example.org\r\nSubject: " + subject
                + "\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\nMessage-ID: <" + subject + "@example.org>\r\n\r\n" + body + "\r\n";
    }

    @Test
    void angusMailReadsFlagsSearchesMovesExpungesAndIdles() throws Exception {
        String user = "angus@example.org";
        try (ImapServe serve = ImapServe.start(dir, ImapServe.env(TestDatabase.freshEmpty(), dir.resolve("data"), "angus"))) {
            serve.addAccount(user, "pw");
            serve.deliverWithCli(user, message("Alice <alice@example.org>", "first", "one"));
            serve.deliverWithCli(user, message("Bob <bob@example.org>", "second", "two"));
            LmtpWire.deliver(serve.lmtp, user, message("Carol <carol@example.org>", "third", "delivered over lmtp"));

            Store store = connect(serve.imap, user);
            try {
                IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
                inbox.open(Folder.READ_WRITE);
                assertEquals(3, inbox.getMessageCount());
                assertTrue(inbox.getUIDValidity() > 0);
                Message[] all = inbox.getMessages();
                assertEquals(List.of(1L, 2L, 3L), Arrays.stream(all).map(m -> uid(inbox, m)).toList());
                assertEquals(List.of("first", "second", "third"), Arrays.stream(all).map(ImapClientsEndToEndTest::subject).toList());
                assertEquals("Bob <bob@example.org>", all[1].getFrom()[0].toString());
                assertEquals("delivered over lmtp\r\n", all[2].getContent());
                assertTrue(all[2].isSet(Flags.Flag.SEEN), "fetching the body set \\Seen");

                all[0].setFlag(Flags.Flag.FLAGGED, true);
                assertEquals(List.of(1L), uids(inbox, inbox.search(new FlagTerm(new Flags(Flags.Flag.FLAGGED), true))));
                assertEquals(List.of(2L), uids(inbox, inbox.search(new SubjectTerm("SECOND"))));
                assertEquals(List.of(3L), uids(inbox, inbox.search(new BodyTerm("over LMTP"))));
                assertEquals(List.of(1L), uids(inbox, inbox.search(new FromStringTerm("alice@"))));

                Folder archive = store.getFolder("Archive");
                inbox.moveMessages(new Message[] {all[1]}, archive);
                // The MOVE's untagged EXPUNGE marks the message; Angus counts it until this client expunges.
                assertTrue(all[1].isExpunged());
                assertEquals(1, archive.getMessageCount());

                inbox.getMessageByUID(1).setFlag(Flags.Flag.DELETED, true);
                inbox.expunge();
                assertEquals(1, inbox.getMessageCount());
                assertEquals(3L, uid(inbox, inbox.getMessage(1)));
                inbox.close(false);
            } finally {
                store.close();
            }

            assertIdleSeesADelivery(serve, user);
            assertEquals("+OK 2 ", pop3Stat(serve.pop3, user).substring(0, 6), "POP3 sees the INBOX: the third message and the new one");
        }
    }

    @Test
    void pythonImaplibReadsFlagsSearchesMovesAndExpunges() throws Exception {
        String user = "imaplib@example.org";
        try (ImapServe serve = ImapServe.start(dir, ImapServe.env(TestDatabase.freshEmpty(), dir.resolve("data"), "imaplib"))) {
            serve.addAccount(user, "pw");
            String first = message("Alice <alice@example.org>", "first", "one");
            serve.deliverWithCli(user, first);
            serve.deliverWithCli(user, message("Bob <bob@example.org>", "second", "two"));
            LmtpWire.deliver(serve.lmtp, user, message("Carol <carol@example.org>", "third", "three"));

            List<String> out = imaplib(serve.imap, user, "pw");
            assertEquals(List.of(
                    "capability True True True",
                    "login OK",
                    "select OK 3",
                    "search-all 1 2 3",
                    "search-subject 2",
                    "fetch OK 1 (UID 1 RFC822.SIZE " + first.length() + ")",
                    "text OK b'two\\r\\n'",
                    "header OK b'Subject: third\\r\\n\\r\\n'",
                    "store OK",
                    "search-flagged 1",
                    "search-unflagged 2 3",
                    "move OK",
                    "search-after-move 1 2",
                    "store-deleted OK",
                    // imaplib hands EXPUNGE responses out when asked: the MOVE's (3), then the EXPUNGE's own (2).
                    "expunge OK 3 2",
                    "status \"Archive\" (MESSAGES 1)",
                    "logout BYE"), out);
            assertEquals("+OK 1 " + first.length(), pop3Stat(serve.pop3, user), "POP3 sees what imaplib left in INBOX");
        }
    }

    private static void assertIdleSeesADelivery(ImapServe serve, String user) throws Exception {
        Store store = connect(serve.imap, user);
        try {
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            CountDownLatch added = new CountDownLatch(1);
            inbox.addMessageCountListener(new MessageCountAdapter() {
                @Override
                public void messagesAdded(MessageCountEvent e) {
                    added.countDown();
                }
            });
            AtomicBoolean stop = new AtomicBoolean();
            Thread idler = Thread.ofVirtual().start(() -> {
                try {
                    while (!stop.get() && added.getCount() > 0) inbox.idle(true);
                } catch (Exception e) {
                    if (!stop.get()) throw new IllegalStateException(e);
                }
            });
            Thread.sleep(500); // let IDLE start, so the delivery is reported during it
            LmtpWire.deliver(serve.lmtp, user, message("Dave <dave@example.org>", "fourth", "while idling"));
            assertTrue(added.await(10, TimeUnit.SECONDS), "IDLE reported the new message");
            stop.set(true);
            idler.join(TimeUnit.SECONDS.toMillis(10));
            assertEquals(2, inbox.getMessageCount());
        } finally {
            store.close();
        }
    }

    private static Store connect(int port, String user) throws Exception {
        Properties p = new Properties();
        p.put("mail.imap.connectiontimeout", "10000");
        p.put("mail.imap.timeout", "30000");
        Store store = Session.getInstance(p).getStore("imap");
        store.connect("127.0.0.1", port, user, "pw");
        return store;
    }

    private static long uid(UIDFolder folder, Message m) {
        try {
            return folder.getUID(m);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Long> uids(UIDFolder folder, Message[] messages) {
        return Arrays.stream(messages).map(m -> uid(folder, m)).toList();
    }

    private static String subject(Message m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pop3Stat(int port, String user) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            out.write(("USER " + user + "\r\nPASS pw\r\nSTAT\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            List<String> lines = in.lines().toList();
            assertEquals("+OK Logged in.", lines.get(2), lines.toString());
            return lines.get(3);
        }
    }

    private static List<String> imaplib(int port, String user, String password) throws IOException, InterruptedException, URISyntaxException {
        Path script = Paths.get(ImapClientsEndToEndTest.class.getResource("/imaplib/imap_session.py").toURI());
        Process p = new ProcessBuilder("python3", script.toString(), "127.0.0.1", Integer.toString(port), user, password)
                .redirectErrorStream(true).start();
        String text;
        try (var in = p.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("imaplib did not finish: " + text);
        }
        assertEquals(0, p.exitValue(), text);
        return text.lines().toList();
    }
}
