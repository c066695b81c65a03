package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailstore.net.AuthThrottle;

/**
 * Failed-login throttling over the wire. Every 127.0.0.0/8 address is loopback on Linux, so clients bound to
 * 127.0.0.2, .3, … are different remote addresses to the server.
 */
class AuthThrottlingTest {
    static final AuthThrottle.Settings SMALL = new AuthThrottle.Settings(Duration.ofMillis(10), Duration.ofMillis(40), 3,
            Duration.ofMinutes(5), 1000);
    static final String REFUSED = "t NO [UNAVAILABLE] Temporary authentication failure.";
    static final String FAILED = "t NO [AUTHENTICATIONFAILED] Authentication failed.";

    private LiveServer live;

    @BeforeEach
    void start() throws IOException {
        live = LiveServer.start(ImapSettings.defaults().withMaxAuthFailures(100), new AuthThrottle(SMALL));
        live.fixture.store.accounts().create("victim@example.org", "right".toCharArray());
        live.fixture.store.accounts().create("bystander@example.org", "right".toCharArray());
    }

    @AfterEach
    void stop() throws IOException {
        live.close();
    }

    @Test
    void anAddressWithTooManyFailuresIsRefusedEvenWithTheRightPasswordOthersAreNot() throws Exception {
        InetAddress attacker = InetAddress.getByName("127.0.0.2");
        try (ImapClient c = new ImapClient(live.address(), attacker)) {
            c.readLine();
            for (int i = 0; i < 3; i++) assertEquals(FAILED, login(c, "guess" + i + "@example.org", "x"));
            assertEquals(REFUSED, login(c, "bystander@example.org", "right"));
            c.send("t AUTHENTICATE PLAIN " + ScramClient.b64("\0bystander@example.org\0right"));
            assertEquals(REFUSED, c.readTagged("t"));
        }
        try (ImapClient c = new ImapClient(live.address(), InetAddress.getByName("127.0.0.3"))) {
            c.readLine();
            assertTrue(login(c, "bystander@example.org", "right").startsWith("t OK "));
        }
    }

    @Test
    void anAccountWithTooManyFailuresIsRefusedFromEveryAddressOthersAreNot() throws Exception {
        for (int i = 4; i < 7; i++) {
            try (ImapClient c = new ImapClient(live.address(), InetAddress.getByName("127.0.0." + i))) {
                c.readLine();
                assertEquals(FAILED, login(c, "victim@example.org", "guess" + i));
            }
        }
        try (ImapClient c = new ImapClient(live.address(), InetAddress.getByName("127.0.0.7"))) {
            c.readLine();
            assertEquals(REFUSED, login(c, "victim@example.org", "right"));
            assertTrue(login(c, "bystander@example.org", "right").startsWith("t OK "));
        }
    }

    @Test
    void scramIsRefusedToo() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (ImapClient c = new ImapClient(live.address(), InetAddress.getByName("127.0.0.8"))) {
                c.readLine();
                assertEquals(FAILED, login(c, "victim@example.org", "guess"));
            }
        }
        try (ImapClient c = new ImapClient(live.address(), InetAddress.getByName("127.0.0.9"))) {
            c.readLine();
            ScramClient scram = new ScramClient("victim@example.org", "right", "n0nce");
            c.send("t AUTHENTICATE SCRAM-SHA-256 " + ScramClient.b64(scram.clientFirst()));
            assertEquals(REFUSED, c.readLine(), "refused before the salt is sent, so no proof can be tried");
        }
    }

    private static String login(ImapClient c, String user, String password) throws IOException {
        c.send("t LOGIN " + user + " " + password);
        return c.readTagged("t");
    }
}
