package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AUTHENTICATE SCRAM-SHA-256 with a client written from RFC 5802, and the no-enumeration rule: an unknown user, a
 * disabled account, an account without SCRAM secrets and a wrong password get byte-identical answers through
 * LOGIN, AUTHENTICATE PLAIN, LOGIN and SCRAM-SHA-256.
 */
class AuthenticationAnswersTest {
    private static LiveServer live;

    @BeforeAll
    static void start() throws Exception {
        live = LiveServer.startWithoutRefusals();
        live.fixture.store.accounts().create("scram@example.org", "pencil".toCharArray());
        live.fixture.store.accounts().create("off@example.org", "pencil".toCharArray());
        live.fixture.store.accounts().setDisabled("off@example.org", true);
        live.fixture.store.accounts().create("old@example.org", "pencil".toCharArray());
        try (var c = live.fixture.db.connect()) {
            c.createStatement().executeUpdate("UPDATE accounts SET scram_salt = NULL, scram_iterations = NULL, scram_stored_key = NULL,"
                    + " scram_server_key = NULL WHERE address = 'old@example.org'");
        }
    }

    @AfterAll
    static void stop() throws IOException {
        live.close();
    }

    @Test
    void scramLogsInAndTheServerProvesItHoldsTheKeys() throws Exception {
        try (ImapClient c = new ImapClient(live.address())) {
            c.readLine();
            ScramClient scram = new ScramClient("scram@example.org", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
            c.send("a1 AUTHENTICATE SCRAM-SHA-256");
            assertEquals("+ ", c.readLine());
            c.send(ScramClient.b64(scram.clientFirst()));
            String serverFirst = ScramClient.unb64(continuation(c.readLine()));
            assertTrue(serverFirst.matches("r=fyko\\+d2lbbFgONRv9qkxdawL[A-Za-z0-9+/=]{24},s=[A-Za-z0-9+/=]{24},i=4096"), serverFirst);
            c.send(ScramClient.b64(scram.clientFinal(serverFirst)));
            assertTrue(scram.serverVerified(ScramClient.unb64(continuation(c.readLine()))));
            c.send("");
            assertTrue(c.readLine().matches("a1 OK \\[CAPABILITY .*\\] Logged in\\."));
            c.send("a2 SELECT INBOX");
            assertTrue(c.readTagged("a2").startsWith("a2 OK [READ-WRITE]"));
        }
    }

    @Test
    void scramWithAnInitialResponse() throws Exception {
        try (ImapClient c = new ImapClient(live.address())) {
            c.readLine();
            ScramClient scram = new ScramClient("scram@example.org", "pencil", "abcdef");
            c.send("a1 AUTHENTICATE SCRAM-SHA-256 " + ScramClient.b64(scram.clientFirst()));
            String serverFirst = ScramClient.unb64(continuation(c.readLine()));
            c.send(ScramClient.b64(scram.clientFinal(serverFirst)));
            assertTrue(scram.serverVerified(ScramClient.unb64(continuation(c.readLine()))));
            c.send("");
            assertTrue(c.readLine().startsWith("a1 OK "));
        }
    }

    @Test
    void everyFailureLooksTheSameWhateverTheMechanismAndTheCause() throws Exception {
        List<String> answers = new ArrayList<>();
        for (String[] who : new String[][] {{"scram@example.org", "wrong"}, {"nobody@example.org", "pencil"},
                {"off@example.org", "pencil"}, {"old@example.org", "wrong"}}) {
            answers.add(login(who[0], who[1]));
            answers.add(plain(who[0], who[1]));
            answers.add(loginMechanism(who[0], who[1]));
            answers.add(scram(who[0], who[1]));
        }
        assertEquals(List.of("NO [AUTHENTICATIONFAILED] Authentication failed."), answers.stream().distinct().toList(), answers.toString());
    }

    @Test
    void anAccountWithoutScramSecretsStillLogsInWithPlainButNotWithScram() throws Exception {
        assertEquals("NO [AUTHENTICATIONFAILED] Authentication failed.", scram("old@example.org", "pencil"));
        assertTrue(plain("old@example.org", "pencil").startsWith("OK [CAPABILITY "));
    }

    private static String continuation(String line) {
        assertTrue(line.startsWith("+ "), line);
        return line.substring(2);
    }

    /** The tagged answer without its tag. */
    private static String login(String user, String password) throws IOException {
        try (ImapClient c = new ImapClient(live.address())) {
            c.readLine();
            c.send("t LOGIN " + user + " " + password);
            return c.readTagged("t").substring(2);
        }
    }

    private static String plain(String user, String password) throws IOException {
        try (ImapClient c = new ImapClient(live.address())) {
            c.readLine();
            c.send("t AUTHENTICATE PLAIN " + ScramClient.b64("\0" + user + "\0" + password));
            return c.readTagged("t").substring(2);
        }
    }

    private static String loginMechanism(String user, String password) throws IOException {
        try (ImapClient c = new ImapClient(live.address())) {
            c.readLine();
            c.send("t AUTHENTICATE LOGIN");
            assertEquals("+ VXNlcm5hbWU6", c.readLine());
            c.send(ScramClient.b64(user));
            assertEquals("+ UGFzc3dvcmQ6", c.readLine());
            c.send(ScramClient.b64(password));
            return c.readTagged("t").substring(2);
        }
    }

    private static String scram(String user, String password) throws IOException, GeneralSecurityException {
        try (ImapClient c = new ImapClient(live.address())) {
            c.readLine();
            ScramClient scram = new ScramClient(user, password, "nonce123");
            c.send("t AUTHENTICATE SCRAM-SHA-256 " + ScramClient.b64(scram.clientFirst()));
            String serverFirst = ScramClient.unb64(continuation(c.readLine()));
            c.send(ScramClient.b64(scram.clientFinal(serverFirst)));
            return c.readTagged("t").substring(2);
        }
    }
}
