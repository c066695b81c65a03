package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.store.Account;

/**
 * MULTIAPPEND (RFC 3502) against a live server where a protocol script cannot reach: a quota that takes the first
 * messages but not the last appends none, and the message cap refuses the message past it.
 */
class MultiAppendTest {
    private static LiveServer server;

    @BeforeAll
    static void start() throws IOException {
        server = LiveServer.start();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    @Test
    void aQuotaThatRefusesTheLastMessageAppendsNone() throws Exception {
        Account a = server.fixture.account("multi-quota@example.org");
        server.fixture.store.accounts().setQuota(a, null, 2L);
        try (ImapClient c = new ImapClient(server.address())) {
            c.login(a.address());
            send(c, "a1 APPEND INBOX {3+}\r\none {3+}\r\ntwo {5+}\r\nthree\r\n");
            assertEquals("a1 NO [OVERQUOTA] ", c.readTagged("a1").substring(0, "a1 NO [OVERQUOTA] ".length()));
            c.send("a2 STATUS INBOX (MESSAGES UIDNEXT)");
            assertEquals("* STATUS \"INBOX\" (MESSAGES 0 UIDNEXT 1)", c.readLine());
            assertEquals("a2 OK STATUS completed.", c.readLine());
            send(c, "a3 APPEND INBOX {3+}\r\none {3+}\r\ntwo\r\n");
            String done = c.readTagged("a3");
            assertTrue(done.matches("a3 OK \\[APPENDUID \\d+ 1:2\\] APPEND completed\\."), done);
        }
    }

    @Test
    void theMessagePastTheCapIsRefusedAndNoneIsAppended() throws Exception {
        Account a = server.fixture.account("multi-cap@example.org");
        try (ImapClient c = new ImapClient(server.address())) {
            c.login(a.address());
            StringBuilder command = new StringBuilder("a1 APPEND INBOX");
            for (int i = 0; i < AppendCommand.MAX_MESSAGES_PER_APPEND; i++) command.append(" {1+}\r\nx");
            send(c, command + " {1}\r\n");
            assertEquals("a1 NO [LIMIT] More than " + AppendCommand.MAX_MESSAGES_PER_APPEND + " messages in one APPEND.",
                    c.readTagged("a1"));
            c.send("a2 STATUS INBOX (MESSAGES)");
            assertEquals("* STATUS \"INBOX\" (MESSAGES 0)", c.readLine());
            assertEquals("a2 OK STATUS completed.", c.readLine());
        }
    }

    private static void send(ImapClient c, String raw) throws IOException {
        c.out.write(raw.getBytes(StandardCharsets.US_ASCII));
        c.out.flush();
    }
}
