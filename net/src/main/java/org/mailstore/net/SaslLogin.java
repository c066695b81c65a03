package org.mailstore.net;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The LOGIN mechanism (draft-murchison-sasl-login): the server asks "Username:", then "Password:", and the client
 * answers each with the bare UTF-8 value. Obsolete but still the only mechanism some clients offer besides PLAIN;
 * it reveals the password like PLAIN does. An initial response is the user name.
 */
public final class SaslLogin implements SaslMechanism {
    public static final String MECHANISM = "LOGIN";
    static final byte[] USERNAME = "Username:".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PASSWORD = "Password:".getBytes(StandardCharsets.US_ASCII);

    private String user;
    private boolean done;

    @Override
    public String name() {
        return MECHANISM;
    }

    @Override
    public boolean plaintext() {
        return true;
    }

    @Override
    public String claimedUser() {
        return user;
    }

    @Override
    public SaslStep start() {
        return new SaslStep.Challenge(USERNAME.clone());
    }

    @Override
    public SaslStep respond(byte[] response) {
        if (done) return new SaslStep.Failed(user, "LOGIN answered after its last step");
        if (user == null) {
            char[] name = SaslText.utf8(response, 0, response.length);
            if (name == null || name.length == 0 || SaslText.hasNul(name)) {
                done = true;
                return new SaslStep.Failed(null, "malformed LOGIN user name");
            }
            user = new String(name);
            return new SaslStep.Challenge(PASSWORD.clone());
        }
        done = true;
        char[] password = SaslText.utf8(response, 0, response.length);
        Arrays.fill(response, (byte) 0);
        if (password == null || SaslText.hasNul(password)) return new SaslStep.Failed(user, "malformed LOGIN password");
        return new SaslStep.Password(user, password);
    }
}
