package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.store.Account;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.MessageView;

/**
 * Authorization: a session reaches only its own account's mailboxes. Mallory tries to SELECT, EXAMINE, STATUS, FETCH
 * (through SELECT), COPY and MOVE into, APPEND to, RENAME and DELETE the victim's mailboxes by every naming trick we
 * know, in IMAP4rev1 (modified UTF-7) and IMAP4rev2 (UTF-8), and gets NO each time; afterwards the victim's
 * mailboxes, messages and subscriptions are exactly as before, and Mallory has no new mailbox. (SUBSCRIBE is left
 * out: RFC 9051 §6.3.7 lets it name a mailbox that does not exist, and it only edits Mallory's own list.)
 */
class CrossAccountAccessTest {
    private static LiveServer live;
    private static Account victim;
    private static Account mallory;

    @BeforeAll
    static void start() throws IOException {
        live = LiveServer.start();
        victim = live.fixture.account("victim@example.org");
        Samples.fill(live.fixture.store, victim);
        live.fixture.store.mailboxes().create(victim, "Secret");
        live.fixture.append(victim, "Secret", Samples.SIMPLE);
        mallory = live.fixture.account("mallory@example.org");
        Samples.fill(live.fixture.store, mallory);
    }

    @AfterAll
    static void stop() throws IOException {
        live.close();
    }

    static List<String> names() {
        long inboxId = live.fixture.mailbox(victim, "INBOX").id();
        long secretId = live.fixture.mailbox(victim, "Secret").id();
        List<String> n = new ArrayList<>(List.of(
                "../victim@example.org/INBOX", "../victim/INBOX", "../../victim@example.org/Secret", "..", "../Secret",
                "#victim/INBOX", "#other/INBOX", "#shared/victim/Secret", "#user/victim/INBOX", "#mh/victim",
                "~victim/INBOX", "~victim@example.org/Secret", "~/../victim/INBOX",
                "victim@example.org/INBOX", "victim@example.org/Secret", "victim/INBOX", "victim@example.org",
                "other/INBOX", "Other Users/victim/INBOX", "Shared/victim/Secret", "Shared Folders/victim/INBOX",
                "user.victim", "user.victim.Secret", "user/victim/INBOX", "user/victim@example.org/Secret",
                "/victim/INBOX", "//victim/INBOX", "/../victim/INBOX", "\\\\victim\\\\INBOX",
                Long.toString(inboxId), Long.toString(secretId), "#" + inboxId, "INBOX/../../victim/INBOX",
                "&AC4ALg-/victim/INBOX", "&AC8-victim&AC8-INBOX", "victim&AEA-example.org/Secret", "%2E%2E/victim/INBOX",
                "Secret", "secret", "SECRET",
                "a/".repeat(600) + "victim"));
        return n;
    }

    static List<String> utf8Names() {
        return List.of("victim@example.org\uFF0FINBOX", "\u2025/victim/INBOX", "\uFF0E\uFF0E/victim/Secret", "victim\u2215Secret",
                "Sécret", "S\u0065\u0301cret");
    }

    @Test
    void everyTrickGetsNoInImap4rev1() throws IOException {
        List<String> answers = attempts(names(), false);
        assertOnlyNo(answers);
    }

    @Test
    void everyTrickGetsNoInImap4rev2WithUtf8Names() throws IOException {
        List<String> all = new ArrayList<>(names());
        all.addAll(utf8Names());
        assertOnlyNo(attempts(all, true));
    }

    private static void assertOnlyNo(List<String> answers) {
        List<String> notNo = answers.stream().filter(a -> !a.matches("t\\d+ NO .*")).toList();
        assertEquals(List.of(), notNo);
        List<String> victimNow = live.fixture.store.mailboxes().list(victim).stream().map(MailboxInfo::name).toList();
        assertEquals(List.of("Archive", "Drafts", "INBOX", "Junk", "Secret", "Sent", "Trash"), victimNow);
        assertEquals(List.of(1L, 2L, 3L), uids(victim, "INBOX"));
        assertEquals(List.of(1L), uids(victim, "Secret"));
        assertEquals(List.of("Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"), live.fixture.store.mailboxes().subscriptions(victim));
        List<String> malloryNow = live.fixture.store.mailboxes().list(mallory).stream().map(MailboxInfo::name).toList();
        assertEquals(List.of("Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash"), malloryNow);
    }

    private static List<Long> uids(Account a, String mailbox) {
        return live.fixture.store.messages().list(a, live.fixture.mailbox(a, mailbox).id()).stream().map(MessageView::uid).toList();
    }

    /** Every command against every name; the tagged answers that came back. */
    private static List<String> attempts(List<String> names, boolean rev2) throws IOException {
        List<String> answers = new ArrayList<>();
        try (ImapClient c = new ImapClient(live.address())) {
            c.login("mallory@example.org");
            if (rev2) {
                c.send("e ENABLE IMAP4rev2");
                assertEquals("e OK ENABLE completed.", c.readTagged("e"));
            }
            int n = 0;
            for (String name : names) {
                String m = quoted(name);
                for (String command : List.of("SELECT " + m, "EXAMINE " + m, "STATUS " + m + " (MESSAGES UIDNEXT)", "DELETE " + m,
                        "RENAME " + m + " Stolen")) {
                    String tag = "t" + n++;
                    c.send(tag + " " + command);
                    answers.add(c.readTagged(tag));
                }
                String tag = "t" + n++;
                byte[] message = Samples.SIMPLE.getBytes(StandardCharsets.US_ASCII);
                c.out.write((tag + " APPEND " + m + " {" + message.length + "+}\r\n").getBytes(StandardCharsets.UTF_8));
                c.out.write(message);
                c.send("");
                answers.add(c.readTagged(tag));
                c.send("s SELECT INBOX");
                assertTrue(c.readTagged("s").startsWith("s OK "));
                for (String command : List.of("COPY 1 " + m, "UID COPY 1 " + m, "MOVE 1 " + m, "UID MOVE 1 " + m)) {
                    tag = "t" + n++;
                    c.send(tag + " " + command);
                    answers.add(c.readTagged(tag));
                }
                c.send("u UNSELECT");
                c.readTagged("u");
            }
        }
        return answers;
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
