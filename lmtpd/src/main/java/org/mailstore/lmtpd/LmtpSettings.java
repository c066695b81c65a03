package org.mailstore.lmtpd;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.mailstore.net.CommandTimeouts;

/**
 * The LMTP server's limits (invariant 7), frozen at start. Defaults are named constants; the
 * constructor refuses values below the minimums.
 *
 * @param hostname          our name in the greeting, replies and the Received header
 * @param maxLineBytes      longest command line, without CRLF
 * @param maxMessageBytes   largest message accepted (advertised as SIZE), counted after dot-unstuffing
 * @param maxRecipients     accepted RCPTs per transaction; more get 452 4.5.3
 * @param sessionTimeout    the longest a session may last, whatever it does
 * @param idleTimeout       the longest the client may stay silent while we wait for it
 * @param maxConnections    concurrent sessions; more are greeted with 421 and closed
 * @param commandTimeouts   how long one command, DATA and BDAT with their message, may take to arrive from its first byte
 */
public record LmtpSettings(String hostname, int maxLineBytes, long maxMessageBytes, int maxRecipients,
                           Duration sessionTimeout, Duration idleTimeout, int maxConnections,
                           CommandTimeouts commandTimeouts) {
    /** Roomier than RFC 5321's 512 so long extension parameters fit. */
    public static final int DEFAULT_MAX_LINE_BYTES = 4096;
    /** RFC 5321 §4.5.3.1.4: a command line of 512 octets must be accepted. */
    public static final int MIN_MAX_LINE_BYTES = 510;
    public static final long DEFAULT_MAX_MESSAGE_BYTES = 50L << 20;
    public static final int DEFAULT_MAX_RECIPIENTS = 1000;
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(30);
    /** RFC 5321 §4.5.3.2.7 asks servers to wait at least 5 minutes for the next command. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_CONNECTIONS = 500;
    public static final String FALLBACK_HOSTNAME = "localhost";

    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?");

    public LmtpSettings {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(commandTimeouts, "commandTimeouts");
        if (!HOSTNAME.matcher(hostname).matches()) throw new IllegalArgumentException("hostname is not a host name: " + hostname);
        if (maxLineBytes < MIN_MAX_LINE_BYTES) throw new IllegalArgumentException("maxLineBytes must be >= " + MIN_MAX_LINE_BYTES);
        if (maxMessageBytes < 1) throw new IllegalArgumentException("maxMessageBytes must be >= 1");
        if (maxRecipients < 1) throw new IllegalArgumentException("maxRecipients must be >= 1");
        if (!sessionTimeout.isPositive()) throw new IllegalArgumentException("sessionTimeout must be positive");
        if (!idleTimeout.isPositive()) throw new IllegalArgumentException("idleTimeout must be positive");
        if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be >= 1");
    }

    /** Every default, with this machine's host name. */
    public static LmtpSettings defaults() {
        return new LmtpSettings(localHostname(), DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_RECIPIENTS,
                DEFAULT_SESSION_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, CommandTimeouts.defaults());
    }

    public LmtpSettings withHostname(String v) {
        return new LmtpSettings(v, maxLineBytes, maxMessageBytes, maxRecipients, sessionTimeout, idleTimeout, maxConnections, commandTimeouts);
    }

    public LmtpSettings withMaxLineBytes(int v) {
        return new LmtpSettings(hostname, v, maxMessageBytes, maxRecipients, sessionTimeout, idleTimeout, maxConnections, commandTimeouts);
    }

    public LmtpSettings withMaxMessageBytes(long v) {
        return new LmtpSettings(hostname, maxLineBytes, v, maxRecipients, sessionTimeout, idleTimeout, maxConnections, commandTimeouts);
    }

    public LmtpSettings withMaxRecipients(int v) {
        return new LmtpSettings(hostname, maxLineBytes, maxMessageBytes, v, sessionTimeout, idleTimeout, maxConnections, commandTimeouts);
    }

    public LmtpSettings withSessionTimeout(Duration v) {
        return new LmtpSettings(hostname, maxLineBytes, maxMessageBytes, maxRecipients, v, idleTimeout, maxConnections, commandTimeouts);
    }

    public LmtpSettings withIdleTimeout(Duration v) {
        return new LmtpSettings(hostname, maxLineBytes, maxMessageBytes, maxRecipients, sessionTimeout, v, maxConnections, commandTimeouts);
    }

    public LmtpSettings withMaxConnections(int v) {
        return new LmtpSettings(hostname, maxLineBytes, maxMessageBytes, maxRecipients, sessionTimeout, idleTimeout, v, commandTimeouts);
    }

    /** The host name only: no reverse DNS lookup at start. */
    static String localHostname() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return HOSTNAME.matcher(name).matches() ? name : FALLBACK_HOSTNAME;
        } catch (UnknownHostException e) {
            return FALLBACK_HOSTNAME;
        }
    }
    public LmtpSettings withCommandTimeouts(CommandTimeouts v) {
        return new LmtpSettings(hostname, maxLineBytes, maxMessageBytes, maxRecipients, sessionTimeout, idleTimeout, maxConnections, v);
    }

}
