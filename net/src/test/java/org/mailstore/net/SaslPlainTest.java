package org.mailstore.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SaslPlainTest {
    @Test
    void decodesUserAndUtf8Password() {
        SaslPlain.Credentials c = SaslPlain.decode(message("", "bob@example.org", "pässword"));
        assertEquals("bob@example.org", c.address());
        assertArrayEquals("pässword".toCharArray(), c.password());
    }

    @Test
    void anAuthzidEqualToTheAuthcidIsAccepted() {
        assertEquals("bob", SaslPlain.decode(message("bob", "bob", "pw")).address());
    }

    @Test
    void anotherIdentityIsRefused() {
        assertNull(SaslPlain.decode(message("alice", "bob", "pw")));
    }

    @Test
    void invalidUtf8InAnyFieldIsRefusedNotReplaced() {
        byte[] truncated = {(byte) 0xC3};
        assertNull(SaslPlain.decode(join(truncated, "bob".getBytes(StandardCharsets.UTF_8), "pw".getBytes(StandardCharsets.UTF_8))));
        assertNull(SaslPlain.decode(join(new byte[0], truncated, "pw".getBytes(StandardCharsets.UTF_8))));
        assertNull(SaslPlain.decode(join(new byte[0], "bob".getBytes(StandardCharsets.UTF_8), truncated)));
    }

    @Test
    void wrongNumberOfFieldsOrEmptyUserIsRefused() {
        assertNull(SaslPlain.decode("bob\0pw".getBytes(StandardCharsets.UTF_8)));
        assertNull(SaslPlain.decode("\0bob\0pw\0".getBytes(StandardCharsets.UTF_8)));
        assertNull(SaslPlain.decode(message("", "", "pw")));
    }

    private static byte[] message(String authzid, String authcid, String password) {
        return join(authzid.getBytes(StandardCharsets.UTF_8), authcid.getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] join(byte[] authzid, byte[] authcid, byte[] password) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(authzid);
        out.write(0);
        out.writeBytes(authcid);
        out.write(0);
        out.writeBytes(password);
        return out.toByteArray();
    }
}
