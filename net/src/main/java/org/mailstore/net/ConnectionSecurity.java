package org.mailstore.net;

/**
 * How a listener's connections are secured: TLS from the first byte ({@code implicit}, RFC 8314: IMAPS, POP3S),
 * TLS on request (STARTTLS/STLS, when {@code tls} is set), or none; and when a password may be sent in the clear.
 *
 * @param tls       the certificate to offer, or null when this listener has none (no STARTTLS is advertised)
 * @param implicit  TLS starts at connect, before the greeting; needs {@code tls}
 * @param plaintext the cleartext-password rule, asked through {@link Connection#plaintextAllowed()}
 */
public record ConnectionSecurity(ServerTls tls, boolean implicit, PlaintextPolicy plaintext) {
    public ConnectionSecurity {
        if (implicit && tls == null) throw new IllegalArgumentException("implicit TLS needs a certificate");
        if (plaintext == null) throw new IllegalArgumentException("plaintext policy must not be null");
    }

    /** No TLS at all: what servers started without a certificate (tests, loopback-only setups) use. */
    public static ConnectionSecurity none(PlaintextPolicy plaintext) {
        return new ConnectionSecurity(null, false, plaintext);
    }

    /** Cleartext greeting, STARTTLS offered. */
    public static ConnectionSecurity startTls(ServerTls tls, PlaintextPolicy plaintext) {
        return new ConnectionSecurity(tls, false, plaintext);
    }

    /** TLS from the first byte. */
    public static ConnectionSecurity implicitTls(ServerTls tls, PlaintextPolicy plaintext) {
        return new ConnectionSecurity(tls, true, plaintext);
    }
}
