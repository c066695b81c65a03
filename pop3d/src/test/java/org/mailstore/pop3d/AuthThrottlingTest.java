package org.mailstore.pop3d;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailstore.net.AuthThrottle;
import org.mailstore.net.ServerEndpoint;
import org.mailstore.store.StoreFixture;

/**
 * Failed-login throttling over POP3: refusals are -ERR [SYS/TEMP] whatever the password, per remote address and
 * per account. Every 127.0.0.0/8 address is loopback on Linux, so clients bound to 127.0.0.2, .3, … are different
 * remote addresses to the server.
 */
class AuthThrottlingTest {
    static final AuthThrottle.Settings SMALL = new AuthThrottle.Settings(Duration.ofMillis(10), Duration.ofMillis(40), 3,
            Duration.ofMinutes(5), 1000);
    static final String REFUSED = "-ERR [SYS/TEMP] Temporary authentication failure.";
    static final String FAILED = "-ERR [AUTH] Authentication failed.";

    private StoreFixture f;
    private Pop3Server server;

    @BeforeEach
    void start() throws IOException {
        f = new StoreFixture();
        f.account("victim@example.org");
        f.account("bystander@example.org");
        server = Pop3Server.start(Pop3Settings.defaults().withMaxAuthFailures(100), f.store,
                ServerEndpoint.loopback().withThrottle(new AuthThrottle(SMALL)));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        f.close();
    }

    @Test
    void anAddressWithTooManyFailuresIsRefusedEvenWithTheRightPassword() throws Exception {
        try (Pop3Client c = client("127.0.0.2")) {
            for (int i = 0; i < 3; i++) assertEquals(FAILED, pass(c, "guess" + i + "@example.org", "x"));
            assertEquals(REFUSED, pass(c, "bystander@example.org", "secret"));
            assertEquals(REFUSED, c.command("AUTH PLAIN AGJ5c3RhbmRlckBleGFtcGxlLm9yZwBzZWNyZXQ="));
        }
        try (Pop3Client c = client("127.0.0.3")) {
            assertEquals("+OK Logged in.", pass(c, "bystander@example.org", "secret"));
        }
    }

    @Test
    void anAccountWithTooManyFailuresIsRefusedFromEveryAddress() throws Exception {
        for (int i = 4; i < 7; i++) {
            try (Pop3Client c = client("127.0.0." + i)) {
                assertEquals(FAILED, pass(c, "victim@example.org", "guess"));
            }
        }
        try (Pop3Client c = client("127.0.0.7")) {
            assertEquals(REFUSED, pass(c, "victim@example.org", "secret"));
            assertEquals("+OK Logged in.", pass(c, "bystander@example.org", "secret"));
        }
    }

    private Pop3Client client(String local) throws IOException {
        return new Pop3Client(server.address(), InetAddress.getByName(local));
    }

    private static String pass(Pop3Client c, String user, String password) throws IOException {
        assertEquals("+OK", c.command("USER " + user));
        return c.command("PASS " + password);
    }
}
