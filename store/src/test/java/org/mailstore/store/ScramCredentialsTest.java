package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The stored SCRAM-SHA-256 keys against the exchange in RFC 7677 §3 (user "user", password "pencil"). */
class ScramCredentialsTest {
    static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    static final String AUTH_MESSAGE = "n=user,r=rOprNGfwEbeRWgbNEkqO,"
            + "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
            + "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    static final String CLIENT_PROOF = "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    static final String SERVER_SIGNATURE = "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    @Test
    void serverKeySignsTheRfc7677AuthMessageAsTheRfcSays() {
        ScramCredentials c = ScramCredentials.derive("pencil".toCharArray(), SALT, 4096);
        byte[] signature = ScramCredentials.hmac(c.serverKey(), AUTH_MESSAGE.getBytes(StandardCharsets.US_ASCII));
        assertEquals(SERVER_SIGNATURE, Base64.getEncoder().encodeToString(signature));
    }

    @Test
    void storedKeyRecoversFromTheRfc7677ClientProof() {
        ScramCredentials c = ScramCredentials.derive("pencil".toCharArray(), SALT, 4096);
        byte[] proof = Base64.getDecoder().decode(CLIENT_PROOF);
        byte[] clientSignature = ScramCredentials.hmac(c.storedKey(), AUTH_MESSAGE.getBytes(StandardCharsets.US_ASCII));
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        assertArrayEquals(c.storedKey(), ScramCredentials.sha256(clientKey));
    }

    @Test
    void saslPrepMapsNonAsciiSpacesAndCompatibilityCharactersBeforeHashing() {
        ScramCredentials plain = ScramCredentials.derive("fi ne".toCharArray(), SALT, 4096);
        ScramCredentials mapped = ScramCredentials.derive("\uFB01\u00A0n\u00ADe".toCharArray(), SALT, 4096);
        assertEquals(plain, mapped);
    }

    @Test
    void deriveLeavesTheCallersPasswordIntact() {
        char[] password = "pencil".toCharArray();
        ScramCredentials.derive(password, SALT, 4096);
        assertArrayEquals("pencil".toCharArray(), password);
    }

    @Test
    void iterationCountsBelowRfc7677sMinimumAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ScramCredentials.derive("pencil".toCharArray(), SALT, 4095));
    }
}
