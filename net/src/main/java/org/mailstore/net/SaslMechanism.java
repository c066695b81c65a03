package org.mailstore.net;

/**
 * The server side of one SASL exchange (RFC 4422), one instance per attempt. Mechanisms do no I/O: the session
 * sends each {@link SaslStep.Challenge} in its protocol's syntax, reads the client's answer, handles the client's
 * cancel ("*"), decodes base64 and bounds the line; the mechanism sees only the decoded bytes.
 */
public interface SaslMechanism {
    /** The IANA name, as advertised (AUTH=PLAIN, SASL PLAIN). */
    String name();

    /** Whether the client sends the password itself, so the plaintext policy ({@link PlaintextPolicy}) applies. */
    boolean plaintext();

    /**
     * The account the client has named so far, or null: lets the session refuse a throttled account before the
     * exchange goes on (before SCRAM's server signature, for instance).
     */
    String claimedUser();

    /** The first step when the client sent no initial response: an empty challenge, or LOGIN's "Username:". */
    SaslStep start();

    /** The next step after the client's answer (or its initial response, which is the first answer). */
    SaslStep respond(byte[] response);
}
