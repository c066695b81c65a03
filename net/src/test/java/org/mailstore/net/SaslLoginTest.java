package org.mailstore.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SaslLoginTest {
    @Test
    void asksForTheUserNameThenThePassword() {
        SaslLogin l = new SaslLogin();
        assertEquals("Username:", challenge(l.start()));
        assertEquals("Password:", challenge(l.respond("bob@example.org".getBytes(StandardCharsets.UTF_8))));
        SaslStep.Password p = assertInstanceOf(SaslStep.Password.class, l.respond("pässword".getBytes(StandardCharsets.UTF_8)));
        assertEquals("bob@example.org", p.address());
        assertArrayEquals("pässword".toCharArray(), p.password());
    }

    @Test
    void anInitialResponseIsTheUserName() {
        SaslLogin l = new SaslLogin();
        assertEquals("Password:", challenge(l.respond("bob@example.org".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void emptyNulOrInvalidUtf8UserNamesFail() {
        for (byte[] bad : new byte[][] {{}, {'a', 0, 'b'}, {(byte) 0xC3}}) {
            assertEquals(new SaslStep.Failed(null, "malformed LOGIN user name"), new SaslLogin().respond(bad));
        }
    }

    @Test
    void aPasswordWithNulFailsForTheClaimedUser() {
        SaslLogin l = new SaslLogin();
        l.respond("bob".getBytes(StandardCharsets.UTF_8));
        assertEquals(new SaslStep.Failed("bob", "malformed LOGIN password"), l.respond(new byte[] {'a', 0}));
    }

    private static String challenge(SaslStep s) {
        return new String(assertInstanceOf(SaslStep.Challenge.class, s).data(), StandardCharsets.US_ASCII);
    }
}
