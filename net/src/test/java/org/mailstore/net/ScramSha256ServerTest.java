package org.mailstore.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailstore.store.Account;
import org.mailstore.store.ScramCredentials;
import org.mailstore.store.ScramLookup;

/** SCRAM-SHA-256 against the exchange in RFC 7677 §3, and each way a client message can be wrong. */
class ScramSha256ServerTest {
    static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    static final String SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";
    static final Account USER = new Account(1, "user", false, Instant.EPOCH);
    static final ScramCredentials PENCIL = ScramCredentials.derive("pencil".toCharArray(),
            Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);

    private static ScramSha256Server server(Optional<Account> account) {
        return new ScramSha256Server(user -> new ScramLookup(user.equals("user") ? account : Optional.empty(), PENCIL), () -> SERVER_NONCE);
    }

    @Test
    void rfc7677ExchangeSucceedsWithTheRfcsServerMessages() {
        ScramSha256Server s = server(Optional.of(USER));
        assertEquals("", text(s.start()));
        assertEquals(SERVER_FIRST, text(s.respond(bytes(CLIENT_FIRST))));
        assertEquals(SERVER_FINAL, text(s.respond(bytes(CLIENT_FINAL))));
        assertEquals(new SaslStep.Authenticated(USER), s.respond(new byte[0]));
    }

    @Test
    void aClientThatCouldBindButThinksWeCannotIsAccepted() {
        ScramSha256Server s = server(Optional.of(USER));
        s.respond(bytes("y,,n=user,r=rOprNGfwEbeRWgbNEkqO"));
        // c= must carry the "y,," header now, so RFC 7677's proof (made over "biws" = "n,,") no longer matches.
        assertFailed(s.respond(bytes(CLIENT_FINAL)), "user", "SCRAM channel binding data does not match the GS2 header");
    }

    @Test
    void anAccountWithoutLoginRightsFailsAtTheProofLikeAWrongPassword() {
        ScramSha256Server s = server(Optional.empty());
        assertEquals(SERVER_FIRST, text(s.respond(bytes(CLIENT_FIRST))));
        assertFailed(s.respond(bytes(CLIENT_FINAL)), "user", "SCRAM proof does not match");
    }

    @Test
    void aWrongProofFails() {
        ScramSha256Server s = server(Optional.of(USER));
        s.respond(bytes(CLIENT_FIRST));
        String wrong = CLIENT_FINAL.replace("p=dHzb", "p=dHzc");
        assertFailed(s.respond(bytes(wrong)), "user", "SCRAM proof does not match");
    }

    @Test
    void aShortProofFails() {
        ScramSha256Server s = server(Optional.of(USER));
        s.respond(bytes(CLIENT_FIRST));
        assertFailed(s.respond(bytes(CLIENT_FINAL.substring(0, CLIENT_FINAL.indexOf(",p=")) + ",p=AAAA")), "user", "SCRAM proof does not match");
    }

    @Test
    void aChangedNonceFails() {
        ScramSha256Server s = server(Optional.of(USER));
        s.respond(bytes(CLIENT_FIRST));
        assertFailed(s.respond(bytes(CLIENT_FINAL.replace("k0,p=", "k1,p="))), "user", "SCRAM nonce does not match");
    }

    @Test
    void channelBindingIsRefusedBecauseOnlyTheNonPlusMechanismIsOffered() {
        assertFailed(server(Optional.of(USER)).respond(bytes("p=tls-unique,,n=user,r=abc")), null, "SCRAM channel binding requested but not offered");
    }

    @Test
    void anotherAuthorizationIdentityIsRefused() {
        assertFailed(server(Optional.of(USER)).respond(bytes("n,a=admin,n=user,r=abc")), "user", "SCRAM authorization identity differs from the user");
    }

    @Test
    void theSameAuthorizationIdentityIsAccepted() {
        assertEquals("r=abc" + SERVER_NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
                text(server(Optional.of(USER)).respond(bytes("n,a=user,n=user,r=abc"))));
    }

    @Test
    void malformedClientFirstMessagesFailWithoutAnException() {
        for (String m : new String[] {"", "n", "n,,", "x,,n=user,r=abc", "n,,r=abc,n=user", "n,,n=,r=abc", "n,,n=us=er,r=abc",
                "n,,n=user,r=", "n,,n=user,r=a b", "n,,m=ext,n=user,r=abc"}) {
            assertInstanceOf(SaslStep.Failed.class, server(Optional.of(USER)).respond(bytes(m)), m);
        }
    }

    @Test
    void escapedCommasAndEqualsInTheUserNameAreDecoded() {
        String[] seen = new String[1];
        ScramSha256Server s = new ScramSha256Server(u -> {
            seen[0] = u;
            return new ScramLookup(Optional.empty(), PENCIL);
        }, () -> SERVER_NONCE);
        s.respond(bytes("n,,n=a=2Cb=3Dc,r=abc"));
        assertEquals("a,b=c", seen[0]);
    }

    @Test
    void dataAfterTheServerSignatureFails() {
        ScramSha256Server s = server(Optional.of(USER));
        s.respond(bytes(CLIENT_FIRST));
        s.respond(bytes(CLIENT_FINAL));
        assertInstanceOf(SaslStep.Failed.class, s.respond(bytes("more")));
    }

    private static void assertFailed(SaslStep step, String claimed, String reason) {
        assertEquals(new SaslStep.Failed(claimed, reason), step);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(SaslStep step) {
        return new String(assertInstanceOf(SaslStep.Challenge.class, step).data(), StandardCharsets.UTF_8);
    }
}
