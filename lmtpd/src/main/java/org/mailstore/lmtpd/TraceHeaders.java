package org.mailstore.lmtpd;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Return-Path} and {@code Received} lines prepended to a delivered message (RFC 5321
 * §4.4). They name no recipient, so every recipient of a transaction gets the same bytes and the
 * store keeps one blob for all of them (invariant 2). Every part is our own text or validated
 * client input (LHLO domain, MAIL path), so no header can be injected.
 */
final class TraceHeaders {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    private TraceHeaders() {}

    static byte[] of(String reversePath, String lhloDomain, InetAddress client, String hostname, String id, Instant when) {
        return of(reversePath, lhloDomain, client, hostname, id, when, false);
    }

    /** {@code tls}: the message came over STARTTLS, recorded as RFC 3848's "with LMTPS". */
    static byte[] of(String reversePath, String lhloDomain, InetAddress client, String hostname, String id, Instant when, boolean tls) {
        String text = "Return-Path: <" + reversePath + ">\r\n"
                + "Received: from " + lhloDomain + " (" + literal(client) + ")\r\n"
                + "\tby " + hostname + " (mailstore) with " + (tls ? "LMTPS" : "LMTP") + " id " + id + ";\r\n"
                + "\t" + DATE.format(when.atOffset(ZoneOffset.UTC)) + "\r\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** RFC 5321 §4.1.3 address literal. */
    static String literal(InetAddress a) {
        String host = a.getHostAddress();
        int zone = host.indexOf('%');
        if (zone >= 0) host = host.substring(0, zone);
        return a instanceof Inet6Address ? "[IPv6:" + host + "]" : "[" + host + "]";
    }
}
