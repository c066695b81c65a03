package org.mailstore.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.mailstore.store.Account;
import org.mailstore.store.ScramCredentials;
import org.mailstore.store.ScramLookup;

/**
 * The SASL mechanisms over arbitrary client messages (already base64-decoded, as the sessions pass them; the
 * sessions' base64 is fuzzed with each protocol's parser). The first input byte picks the mechanism; the rest is the
 * client's messages separated by {@value #SEPARATOR} bytes, a byte that valid UTF-8 never holds, so no message the
 * mechanisms could accept is lost to the split. Properties, per mechanism:
 * <ul>
 *   <li>PLAIN: a message is refused (null) or is exactly {@code [authcid] NUL authcid NUL password} in UTF-8, with a
 *       non-empty authcid and no NUL in the values;</li>
 *   <li>LOGIN: "Password:" follows a user name, credentials follow a password, nothing follows the end, and no NUL
 *       reaches a value;</li>
 *   <li>SCRAM-SHA-256 (RFC 7677's account and server nonce, so the fuzzer starts from a complete exchange): every
 *       step is a challenge or a failure, and the client is authenticated only by RFC 7677's own messages, since
 *       nobody can forge a proof.</li>
 * </ul>
 */
class SaslFuzzTest {
    static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    static final String CLIENT_FINAL_WITHOUT_PROOF = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    static final String PROOF = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    static final Account USER = new Account(1, "user", false, Instant.EPOCH);
    static final ScramCredentials PENCIL = ScramCredentials.derive("pencil".toCharArray(),
            Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
    static final int SEPARATOR = 0xff;

    @FuzzTest(maxDuration = "10s")
    void mechanismsAcceptOnlyWellFormedExchanges(byte[] input) {
        if (input.length == 0) return;
        List<byte[]> messages = split(input);
        switch ((input[0] & 0xff) % 3) {
            case 0 -> plain(Arrays.copyOfRange(input, 1, input.length));
            case 1 -> login(messages);
            default -> scram(messages);
        }
    }

    /** The messages after the selector byte; always at least one. */
    private static List<byte[]> split(byte[] input) {
        List<byte[]> messages = new ArrayList<>();
        int start = 1;
        for (int i = 1; i <= input.length; i++) {
            if (i == input.length || (input[i] & 0xff) == SEPARATOR) {
                messages.add(Arrays.copyOfRange(input, start, i));
                start = i + 1;
            }
        }
        return messages;
    }

    private static byte[] message(List<byte[]> messages, int i) {
        return i < messages.size() ? messages.get(i) : new byte[0];
    }

    private static void plain(byte[] message) {
        SaslPlain.Credentials c = SaslPlain.decode(message);
        if (c == null) return;
        assertFalse(c.address().isEmpty());
        assertFalse(c.address().indexOf(0) >= 0 || new String(c.password()).indexOf(0) >= 0, "NUL in a value");
        byte[] user = c.address().getBytes(StandardCharsets.UTF_8);
        byte[] password = new String(c.password()).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        if (message[0] != 0) rebuilt.writeBytes(user);
        rebuilt.write(0);
        rebuilt.writeBytes(user);
        rebuilt.write(0);
        rebuilt.writeBytes(password);
        assertArrayEquals(message, rebuilt.toByteArray());
    }

    private static void login(List<byte[]> messages) {
        SaslLogin login = new SaslLogin();
        assertArrayEquals(SaslLogin.USERNAME, ((SaslStep.Challenge) login.start()).data());
        SaslStep first = login.respond(message(messages, 0));
        if (first instanceof SaslStep.Failed) {
            assertInstanceOf(SaslStep.Failed.class, login.respond(message(messages, 1)));
            return;
        }
        assertArrayEquals(SaslLogin.PASSWORD, assertInstanceOf(SaslStep.Challenge.class, first).data());
        assertTrue(login.claimedUser().indexOf(0) < 0 && !login.claimedUser().isEmpty());
        SaslStep second = login.respond(message(messages, 1));
        if (second instanceof SaslStep.Password(String address, char[] password)) {
            assertEquals(login.claimedUser(), address);
            assertTrue(new String(password).indexOf(0) < 0, "NUL in the password");
        } else {
            assertInstanceOf(SaslStep.Failed.class, second);
        }
        assertInstanceOf(SaslStep.Failed.class, login.respond(message(messages, 2)));
    }

    private static void scram(List<byte[]> messages) {
        ScramSha256Server server = new ScramSha256Server(user -> new ScramLookup(
                user.equals("user") ? Optional.of(USER) : Optional.empty(), PENCIL), () -> SERVER_NONCE);
        String[] sent = new String[messages.size()];
        for (int i = 0; i < messages.size(); i++) {
            byte[] message = messages.get(i);
            sent[i] = new String(message, StandardCharsets.UTF_8);
            SaslStep step = server.respond(message);
            assertNotNull(step);
            switch (step) {
                case SaslStep.Challenge challenge -> assertTrue(i < 2, "a challenge after the exchange ended");
                case SaslStep.Failed failed -> {
                    return;
                }
                case SaslStep.Authenticated(Account account) -> {
                    assertEquals(2, i, "authenticated at step " + i);
                    assertEquals(USER, account);
                    assertEquals(CLIENT_FIRST, sent[0]);
                    int proofAt = sent[1].lastIndexOf(",p=");
                    assertEquals(CLIENT_FINAL_WITHOUT_PROOF, sent[1].substring(0, proofAt));
                    assertArrayEquals(Base64.getDecoder().decode(PROOF),
                            Base64.getDecoder().decode(sent[1].substring(proofAt + 3)));
                    return;
                }
                case SaslStep.Password password -> throw new AssertionError("SCRAM never passes a password on");
            }
        }
    }
}
