package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.parse.CommandReader;
import org.mailstore.store.Account;

/**
 * Issue 5's hostile inputs through the live server: each gets a tagged BAD or NO with a response code, the session
 * goes on (NOOP still works), and a client that vanishes mid-command leaves no thread behind.
 */
class HostileInputTest {
    private static LiveServer server;
    private static Account account;

    @BeforeAll
    static void start() throws IOException {
        server = LiveServer.start();
        account = server.fixture.account("hostile@example.org");
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
    }

    private static ImapClient loggedIn() throws IOException {
        ImapClient c = new ImapClient(server.address());
        c.login(account.address());
        return c;
    }

    private static void stillServes(ImapClient c) throws IOException {
        c.send("z NOOP");
        assertEquals("z OK NOOP completed.", c.readTagged("z"));
    }

    @Test
    void tenThousandDeepParenthesesAreBad() throws IOException {
        try (ImapClient c = loggedIn()) {
            c.send("s SELECT INBOX");
            c.readTagged("s");
            c.send("a SEARCH " + "(".repeat(10_000) + "ALL" + ")".repeat(10_000));
            assertEquals("a BAD Error in IMAP command SEARCH: search criteria nested too deeply", c.readLine());
            c.send("b FETCH 1 " + "(".repeat(10_000));
            assertEquals("b BAD Error in IMAP command FETCH: unknown fetch item", c.readLine());
            stillServes(c);
        }
    }

    @Test
    void gigabyteLiteralAnnouncementsAreRefusedBeforeAnyByteIsSent() throws IOException {
        try (ImapClient c = loggedIn()) {
            c.send("a APPEND INBOX {1073741824}");
            assertEquals("a NO [TOOBIG] Message is larger than " + ImapSettings.DEFAULT_MAX_APPEND_BYTES + " bytes.", c.readLine());
            c.send("b CREATE {1073741824}");
            assertEquals("b BAD [TOOBIG] literal too large", c.readLine());
            stillServes(c);
            c.send("c CREATE {1073741824+}");
            assertEquals("c BAD [TOOBIG] non-synchronizing literal too large, closing", c.readLine());
            assertThrows(EOFException.class, c::readLine);
        }
    }

    @Test
    void nonSynchronizingAppendBeforeLoginIsNotReadAsCommands() throws IOException {
        try (ImapClient c = new ImapClient(server.address())) {
            c.readLine();
            String hidden = "b LOGIN " + account.address() + " secret\r\n";
            c.out.write(("a APPEND INBOX {" + hidden.length() + "+}\r\n" + hidden + "\r\n").getBytes(StandardCharsets.US_ASCII));
            c.send("c NOOP");
            assertEquals("a BAD APPEND is not allowed before login.", c.readLine());
            assertEquals("c OK NOOP completed.", c.readLine());
            c.send("d APPEND INBOX {" + (CommandReader.MAX_DISCARD_BYTES + 1) + "+}");
            assertEquals("d BAD APPEND is not allowed before login.", c.readLine());
            assertThrows(EOFException.class, c::readLine);
        }
    }

    @Test
    void beforeLoginLiteralsAreSmall() throws IOException {
        try (ImapClient c = new ImapClient(server.address())) {
            c.readLine();
            c.send("a LOGIN {" + (ImapSession.BEFORE_LOGIN.maxLiteralBytes() + 1) + "}");
            assertEquals("a BAD [TOOBIG] literal too large", c.readLine());
            c.send("b LOGIN {" + ImapSession.BEFORE_LOGIN.maxLiteralBytes() + "}");
            assertEquals("+ Ready for literal data", c.readLine());
            c.out.write(("x".repeat(ImapSession.BEFORE_LOGIN.maxLiteralBytes()) + " secret\r\n").getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            assertEquals("b NO [AUTHENTICATIONFAILED] Authentication failed.", c.readLine());
            c.send("c LOGIN " + account.address() + " secret");
            assertTrue(c.readLine().startsWith("c OK "));
            c.send("d CREATE {" + (ImapSession.BEFORE_LOGIN.maxLiteralBytes() + 1) + "}");
            assertEquals("+ Ready for literal data", c.readLine(), "after login the larger limits apply");
        }
    }

    @Test
    void invalidMailboxNamesAreNoWithACode() throws IOException {
        try (ImapClient c = loggedIn()) {
            c.send("a SELECT \"&Jjo\"");
            assertTrue(c.readLine().startsWith("a NO [CANNOT] invalid mailbox name '&Jjo': "));
            c.send("b CREATE \"a//b\"");
            assertEquals("b NO [CANNOT] invalid mailbox name 'a//b': empty hierarchy level", c.readLine());
            c.send("e ENABLE IMAP4rev2");
            c.readTagged("e");
            c.out.write("d CREATE \"caf\u00e9\"\r\n".getBytes(StandardCharsets.UTF_8));
            c.out.write(new byte[] {'f', ' ', 'C', 'R', 'E', 'A', 'T', 'E', ' ', '"', 'x', (byte) 0xff, '"', '\r', '\n'});
            c.out.flush();
            String created = c.readLine();
            assertTrue(created.matches("d OK \\[MAILBOXID \\(F[0-9a-f]{24}\\)\\] CREATE completed\\."), created);
            String invalid = c.readLine();
            assertTrue(invalid.startsWith("f BAD ") || invalid.startsWith("f NO [CANNOT] "), invalid);
            stillServes(c);
        }
    }

    @Test
    void overlongLinesAndNulBytesAreBad() throws IOException {
        try (ImapClient c = loggedIn()) {
            c.send("a LOGIN " + "x".repeat(100_000));
            assertEquals("* BAD line too long", c.readLine());
            c.out.write("b LIST \"\" \"a\0b\"\r\n".getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            assertTrue(c.readLine().startsWith("b BAD "));
            stillServes(c);
        }
    }

    @Test
    void aClientThatVanishesInsideALiteralLeavesNoSessionBehind() throws Exception {
        int before = server.server.openConnections();
        try (ImapClient c = loggedIn()) {
            c.send("a CREATE {10}");
            assertEquals("+ Ready for literal data", c.readLine());
            c.out.write("abc".getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
        }
        try (ImapClient c = loggedIn()) {
            c.send("b APPEND INBOX {100}");
            assertEquals("+ Ready for literal data", c.readLine());
            c.out.write("From: x\r\n".getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.server.openConnections() > before && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(before, server.server.openConnections());
        assertEquals(0, server.fixture.mailbox(account, "INBOX").messages(), "a half-sent APPEND stores nothing");
    }
}
