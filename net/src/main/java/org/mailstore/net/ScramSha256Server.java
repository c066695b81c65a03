package org.mailstore.net;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Function;
import java.util.function.Supplier;
import org.mailstore.store.ScramCredentials;
import org.mailstore.store.ScramLookup;

/**
 * The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) without channel binding: the client proves it knows the
 * password without sending it, and the server proves it holds the account's keys. Only SCRAM-SHA-256 is
 * advertised, never -PLUS, so a client flag "y" (it could bind but thinks we cannot) is accepted and "p=" refused.
 *
 * <p>Steps: client-first ({@code n,,n=user,r=cnonce}) → server-first ({@code r=cnonce+snonce,s=salt,i=4096}) →
 * client-final ({@code c=biws,r=…,p=proof}) → server-final ({@code v=signature}) sent as a challenge, because IMAP
 * and POP3 have no success data → the client's empty answer → {@link SaslStep.Authenticated}. An unknown, disabled
 * or pre-SCRAM account runs the same exchange with the store's decoy credentials ({@link ScramLookup}) and fails at
 * the proof, like a wrong password, after the same work. The proof is compared in constant time.
 */
public final class ScramSha256Server implements SaslMechanism {
    public static final String MECHANISM = "SCRAM-SHA-256";
    /** Random bytes in our part of the nonce (RFC 5802 §5.1: the nonce must be unpredictable). */
    static final int SERVER_NONCE_BYTES = 18;
    /** Longest client message we parse; real ones are under 200 bytes. */
    static final int MAX_MESSAGE_BYTES = 4096;

    private enum State { CLIENT_FIRST, CLIENT_FINAL, CLIENT_ACK, DONE }

    private final Function<String, ScramLookup> lookup;
    private final Supplier<String> serverNonce;
    private State state = State.CLIENT_FIRST;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private String user;
    private ScramLookup found;

    /** {@code lookup} is usually {@code store.accounts()::scramLookup}. */
    public ScramSha256Server(Function<String, ScramLookup> lookup) {
        this(lookup, randomNonce(new SecureRandom()));
    }

    /** With a given server nonce source, for the RFC 7677 test vector. */
    ScramSha256Server(Function<String, ScramLookup> lookup, Supplier<String> serverNonce) {
        this.lookup = lookup;
        this.serverNonce = serverNonce;
    }

    @Override
    public String name() {
        return MECHANISM;
    }

    @Override
    public boolean plaintext() {
        return false;
    }

    @Override
    public String claimedUser() {
        return user;
    }

    @Override
    public SaslStep start() {
        return new SaslStep.Challenge(new byte[0]);
    }

    @Override
    public SaslStep respond(byte[] response) {
        State at = state;
        state = State.DONE;
        if (response.length > MAX_MESSAGE_BYTES) return new SaslStep.Failed(user, "SCRAM message too long");
        char[] chars = SaslText.utf8(response, 0, response.length);
        if (chars == null) return new SaslStep.Failed(user, "SCRAM message is not UTF-8");
        String message = new String(chars);
        return switch (at) {
            case CLIENT_FIRST -> clientFirst(message);
            case CLIENT_FINAL -> clientFinal(message);
            case CLIENT_ACK -> message.isEmpty() ? new SaslStep.Authenticated(found.account().orElseThrow())
                    : new SaslStep.Failed(user, "SCRAM client answered the server signature with data");
            case DONE -> new SaslStep.Failed(user, "SCRAM exchange already ended");
        };
    }

    private SaslStep clientFirst(String m) {
        // gs2-header = gs2-cbind-flag "," [ authzid ] ","
        int first = m.indexOf(',');
        int second = first < 0 ? -1 : m.indexOf(',', first + 1);
        if (second < 0) return new SaslStep.Failed(null, "malformed SCRAM client-first message");
        String flag = m.substring(0, first);
        if (flag.startsWith("p=")) return new SaslStep.Failed(null, "SCRAM channel binding requested but not offered");
        if (!flag.equals("n") && !flag.equals("y")) return new SaslStep.Failed(null, "malformed SCRAM channel binding flag");
        String authzid = m.substring(first + 1, second);
        gs2Header = m.substring(0, second + 1);
        clientFirstBare = m.substring(second + 1);
        String[] attrs = clientFirstBare.split(",", -1);
        if (attrs.length < 2 || !attrs[0].startsWith("n=") || !attrs[1].startsWith("r=")) {
            return new SaslStep.Failed(null, "malformed SCRAM client-first message");
        }
        user = saslName(attrs[0].substring(2));
        if (user == null || user.isEmpty()) return new SaslStep.Failed(null, "malformed SCRAM user name");
        if (!authzid.isEmpty() && !(authzid.startsWith("a=") && user.equals(saslName(authzid.substring(2))))) {
            return new SaslStep.Failed(user, "SCRAM authorization identity differs from the user");
        }
        String clientNonce = attrs[1].substring(2);
        if (!printable(clientNonce)) return new SaslStep.Failed(user, "malformed SCRAM client nonce");
        found = lookup.apply(user);
        ScramCredentials c = found.credentials();
        nonce = clientNonce + serverNonce.get();
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(c.salt()) + ",i=" + c.iterations();
        state = State.CLIENT_FINAL;
        return new SaslStep.Challenge(serverFirst.getBytes(StandardCharsets.US_ASCII));
    }

    private SaslStep clientFinal(String m) {
        int proofAt = m.lastIndexOf(",p=");
        if (proofAt < 0) return new SaslStep.Failed(user, "SCRAM client-final message without proof");
        String withoutProof = m.substring(0, proofAt);
        String[] attrs = withoutProof.split(",", -1);
        if (attrs.length < 2 || !attrs[0].startsWith("c=") || !attrs[1].startsWith("r=")) {
            return new SaslStep.Failed(user, "malformed SCRAM client-final message");
        }
        byte[] binding;
        byte[] proof;
        try {
            binding = Base64.getDecoder().decode(attrs[0].substring(2));
            proof = Base64.getDecoder().decode(m.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            return new SaslStep.Failed(user, "invalid base64 in SCRAM client-final message");
        }
        if (!MessageDigest.isEqual(binding, gs2Header.getBytes(StandardCharsets.UTF_8))) {
            return new SaslStep.Failed(user, "SCRAM channel binding data does not match the GS2 header");
        }
        if (!MessageDigest.isEqual(attrs[1].substring(2).getBytes(StandardCharsets.US_ASCII), nonce.getBytes(StandardCharsets.US_ASCII))) {
            return new SaslStep.Failed(user, "SCRAM nonce does not match");
        }
        byte[] authMessage = (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.UTF_8);
        ScramCredentials c = found.credentials();
        byte[] clientSignature = ScramCredentials.hmac(c.storedKey(), authMessage);
        byte[] clientKey = new byte[clientSignature.length];
        boolean lengthOk = proof.length == clientKey.length;
        for (int i = 0; i < clientKey.length; i++) clientKey[i] = (byte) ((lengthOk ? proof[i] : 0) ^ clientSignature[i]);
        boolean proofOk = MessageDigest.isEqual(ScramCredentials.sha256(clientKey), c.storedKey()) && lengthOk;
        if (!proofOk || found.account().isEmpty()) return new SaslStep.Failed(user, "SCRAM proof does not match");
        byte[] serverSignature = ScramCredentials.hmac(c.serverKey(), authMessage);
        state = State.CLIENT_ACK;
        return new SaslStep.Challenge(("v=" + Base64.getEncoder().encodeToString(serverSignature)).getBytes(StandardCharsets.US_ASCII));
    }

    /** RFC 5802 §5.1 saslname: "=2C" is ',' and "=3D" is '='; any other '=' makes it invalid (null). */
    private static String saslName(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '=') {
                if (s.startsWith("=2C", i)) b.append(',');
                else if (s.startsWith("=3D", i)) b.append('=');
                else return null;
                i += 2;
            } else if (ch == ',' || ch == 0) {
                return null;
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }

    /** RFC 5802 §7 printable: 0x21 to 0x7E except ','. */
    private static boolean printable(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x21 || ch > 0x7E || ch == ',') return false;
        }
        return true;
    }

    private static Supplier<String> randomNonce(SecureRandom random) {
        return () -> {
            byte[] b = new byte[SERVER_NONCE_BYTES];
            random.nextBytes(b);
            return Base64.getEncoder().encodeToString(b);
        };
    }
}
