package org.mailstore.imapd;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM-SHA-256 (RFC 5802 §3) written from the RFC for the tests, on the JDK's own PBKDF2, so
 * the server is checked by code that shares nothing with it. Passwords here are ASCII, where SASLprep is identity.
 */
final class ScramClient {
    private final String user;
    private final String password;
    private final String clientNonce;
    private String expectedServerFinal;

    ScramClient(String user, String password, String clientNonce) {
        this.user = user;
        this.password = password;
        this.clientNonce = clientNonce;
    }

    String clientFirst() {
        return "n,," + bare();
    }

    private String bare() {
        return "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
    }

    String clientFinal(String serverFirst) throws GeneralSecurityException {
        String[] f = serverFirst.split(",");
        String nonce = f[0].substring(2);
        byte[] salt = Base64.getDecoder().decode(f[1].substring(2));
        int iterations = Integer.parseInt(f[2].substring(2));
        if (!nonce.startsWith(clientNonce)) throw new IllegalStateException("server nonce does not extend ours: " + serverFirst);
        byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        String withoutProof = "c=biws,r=" + nonce;
        byte[] authMessage = (bare() + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] signature = hmac(MessageDigest.getInstance("SHA-256").digest(clientKey), authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) proof[i] = (byte) (clientKey[i] ^ signature[i]);
        expectedServerFinal = "v=" + Base64.getEncoder().encodeToString(hmac(hmac(salted, "Server Key"), authMessage));
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    /** Whether the server's final message proves it holds the account's ServerKey. */
    boolean serverVerified(String serverFinal) {
        return serverFinal.equals(expectedServerFinal);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String unb64(String s) {
        return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        return hmac(key, data.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
