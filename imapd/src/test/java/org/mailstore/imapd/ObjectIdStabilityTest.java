package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mailstore.store.Account;

/**
 * RFC 8474 OBJECTID across commands, which a script cannot compare: MAILBOXID survives RENAME and is not reused after
 * DELETE and CREATE; EMAILID survives COPY and MOVE, is shared by identical bytes within an account, and differs
 * between accounts for the same bytes.
 */
class ObjectIdStabilityTest {
    private static final Pattern MAILBOX_ID = Pattern.compile(".*MAILBOXID \\((F[0-9a-f]{24})\\).*");
    private static final Pattern EMAIL_ID = Pattern.compile("\\* (\\d+) FETCH \\(EMAILID \\((M[0-9a-f]{24})\\) THREADID NIL\\)");

    @Test
    void mailboxIdSurvivesRenameAndIsNotReusedAfterDeleteAndCreate() throws Exception {
        try (LiveServer server = LiveServer.start()) {
            Account a = server.fixture.account("mailboxid@example.org");
            try (ImapClient c = new ImapClient(server.address())) {
                c.login(a.address());
                String created = mailboxId(List.of(tagged(c, "a CREATE foo")));
                assertEquals(created, mailboxId(ok(c, "b STATUS foo (MAILBOXID)")));
                ok(c, "c RENAME foo bar");
                assertEquals(List.of("* STATUS \"bar\" (MAILBOXID (" + created + ") MESSAGES 0)"), ok(c, "d STATUS bar (MAILBOXID MESSAGES)"));
                assertEquals(created, mailboxId(ok(c, "e SELECT bar")));
                ok(c, "f UNSELECT");
                ok(c, "g DELETE bar");
                String again = mailboxId(List.of(tagged(c, "h CREATE bar")));
                assertNotEquals(created, again, "a new mailbox under the old name is a new mailbox");
                assertNotEquals(mailboxId(ok(c, "i STATUS INBOX (MAILBOXID)")), again);
            }
        }
    }

    @Test
    void emailIdSurvivesCopyAndMoveAndBelongsToTheAccount() throws Exception {
        try (LiveServer server = LiveServer.start()) {
            Account a = server.fixture.account("emailid-a@example.org");
            Account b = server.fixture.account("emailid-b@example.org");
            Samples.fill(server.fixture.store, a);
            Samples.fill(server.fixture.store, b);
            List<String> inA, inB;
            try (ImapClient c = new ImapClient(server.address())) {
                c.login(a.address());
                ok(c, "a SELECT INBOX");
                inA = emailIds(ok(c, "b FETCH 1:3 (EMAILID THREADID)"));
                assertEquals(3, inA.stream().distinct().count(), "different messages, different EMAILIDs: " + inA);
                ok(c, "c CREATE Saved");
                ok(c, "d COPY 1 Saved");
                ok(c, "e MOVE 3 Saved");
                byte[] again = Samples.SIMPLE.getBytes(StandardCharsets.UTF_8);
                c.send("f APPEND INBOX {" + again.length + "+}");
                c.out.write(again);
                c.send("");
                assertTrue(c.readTagged("f").startsWith("f OK "));
                assertEquals(List.of(inA.get(0), inA.get(1), inA.get(0)), emailIds(ok(c, "g FETCH 1:* (EMAILID THREADID)")),
                        "the same bytes appended again share the EMAILID");
                ok(c, "h SELECT Saved");
                assertEquals(List.of(inA.get(0), inA.get(2)), emailIds(ok(c, "i FETCH 1:* (EMAILID THREADID)")));
                assertEquals(List.of("* SEARCH 2"), ok(c, "j SEARCH EMAILID " + inA.get(2)));
                assertEquals(List.of("* SEARCH"), ok(c, "k SEARCH EMAILID " + inA.get(2).toUpperCase(java.util.Locale.ROOT)),
                        "object ids are case-sensitive");
                assertEquals(List.of("* SEARCH"), ok(c, "l SEARCH THREADID T1"));
            }
            try (ImapClient c = new ImapClient(server.address())) {
                c.login(b.address());
                ok(c, "a EXAMINE INBOX");
                inB = emailIds(ok(c, "b FETCH 1:3 (EMAILID THREADID)"));
                assertEquals(List.of("* SEARCH"), ok(c, "c SEARCH EMAILID " + inA.get(0)), "another account's EMAILID finds nothing");
            }
            for (int i = 0; i < 3; i++) assertNotEquals(inA.get(i), inB.get(i), "the same bytes in two accounts");
        }
    }

    private static String mailboxId(List<String> lines) {
        for (String l : lines) {
            Matcher m = MAILBOX_ID.matcher(l);
            if (m.matches()) return m.group(1);
        }
        throw new AssertionError("no MAILBOXID in " + lines);
    }

    private static List<String> emailIds(List<String> rows) {
        List<String> ids = new ArrayList<>();
        for (String r : rows) {
            Matcher m = EMAIL_ID.matcher(r);
            assertTrue(m.matches(), r);
            assertEquals(ids.size() + 1, Integer.parseInt(m.group(1)));
            ids.add(m.group(2));
        }
        return ids;
    }

    private static String tagged(ImapClient c, String command) throws IOException {
        c.send(command);
        String line = c.readTagged(command.substring(0, command.indexOf(' ')));
        assertTrue(line.contains(" OK "), command + " -> " + line);
        return line;
    }

    /** Sends the command and returns its untagged lines; fails unless it completes with OK. */
    private static List<String> ok(ImapClient c, String command) throws IOException {
        String tag = command.substring(0, command.indexOf(' '));
        c.send(command);
        List<String> lines = new ArrayList<>();
        String line;
        while (!(line = c.readLine()).startsWith(tag + " ")) lines.add(line);
        assertTrue(line.startsWith(tag + " OK "), command + " -> " + line);
        return lines;
    }
}
