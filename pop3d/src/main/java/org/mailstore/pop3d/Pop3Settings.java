package org.mailstore.pop3d;

import java.time.Duration;
import org.mailstore.net.CommandTimeouts;

/**
 * The POP3 server's limits, frozen at start (invariant 7: every input has a limit).
 *
 * @param maxLineBytes      longest command or SASL response line, without its CRLF
 * @param maxCommands       commands one session may send, so a busy client cannot hold a maildrop forever
 * @param maxBadCommands    failed commands in a row before the server hangs up (Dovecot: 20)
 * @param maxAuthFailures   failed logins on one connection before the server hangs up
 * @param idleTimeout       silence after which the server hangs up (RFC 1939 §3: at least 10 minutes)
 * @param maxConnections    concurrent connections; each logged-in one also holds a PostgreSQL backend
 *                          for its maildrop lock (see {@code MaildropLocks})
 * @param authFailureDelay  wait before answering a first failed login, the same for every cause; it
 *                          grows with further failures when the server makes its own {@code AuthThrottle}
 * @param maxConnectionsPerAddress concurrent connections from one remote address
 * @param commandTimeouts   how long one command line may take to arrive from its first byte
 */
public record Pop3Settings(int maxLineBytes, int maxCommands, int maxBadCommands, int maxAuthFailures,
                           Duration idleTimeout, int maxConnections, Duration authFailureDelay, int maxConnectionsPerAddress,
                           CommandTimeouts commandTimeouts) {
    /**
     * Four times RFC 2449's 255-octet command line: room for a SASL PLAIN response carrying a long
     * address and password, while an unauthenticated client can make us hold only this much.
     */
    public static final int DEFAULT_MAX_LINE_BYTES = 1024;
    public static final int MIN_MAX_LINE_BYTES = 255;
    /** Enough to RETR and DELE every message of a 100,000-message maildrop, twice. */
    public static final int DEFAULT_MAX_COMMANDS = 500_000;
    public static final int DEFAULT_MAX_BAD_COMMANDS = 20;
    public static final int DEFAULT_MAX_AUTH_FAILURES = 3;
    /** RFC 1939 §3: an inactivity autologout timer "of at least 10 minutes". */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /**
     * Kept well below PostgreSQL's default max_connections (100) minus the pool, because every
     * logged-in session holds a backend for its maildrop lock.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 50;
    /** Dovecot's auth_failure_delay. */
    public static final Duration DEFAULT_AUTH_FAILURE_DELAY = Duration.ofSeconds(2);
    /** Half the overall cap: one host cannot take every maildrop-lock connection. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 25;

    public Pop3Settings {
        if (maxLineBytes < MIN_MAX_LINE_BYTES) throw new IllegalArgumentException("maxLineBytes must be >= " + MIN_MAX_LINE_BYTES);
        if (maxCommands < 1) throw new IllegalArgumentException("maxCommands must be >= 1");
        if (maxBadCommands < 1) throw new IllegalArgumentException("maxBadCommands must be >= 1");
        if (maxAuthFailures < 1) throw new IllegalArgumentException("maxAuthFailures must be >= 1");
        if (idleTimeout == null || idleTimeout.toMillis() < 1) throw new IllegalArgumentException("idleTimeout must be >= 1 ms");
        if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be >= 1");
        if (authFailureDelay == null || authFailureDelay.isNegative()) throw new IllegalArgumentException("authFailureDelay must be >= 0");
        if (maxConnectionsPerAddress < 1) throw new IllegalArgumentException("maxConnectionsPerAddress must be >= 1");
        if (commandTimeouts == null) throw new IllegalArgumentException("commandTimeouts must be given");
    }

    public static Pop3Settings defaults() {
        return new Pop3Settings(DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_COMMANDS, DEFAULT_MAX_BAD_COMMANDS, DEFAULT_MAX_AUTH_FAILURES,
                DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_AUTH_FAILURE_DELAY, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, CommandTimeouts.defaults());
    }

    public Pop3Settings withMaxLineBytes(int v) {
        return new Pop3Settings(v, maxCommands, maxBadCommands, maxAuthFailures, idleTimeout, maxConnections,
                authFailureDelay, maxConnectionsPerAddress, commandTimeouts);
    }

    public Pop3Settings withMaxCommands(int v) {
        return new Pop3Settings(maxLineBytes, v, maxBadCommands, maxAuthFailures, idleTimeout, maxConnections,
                authFailureDelay, maxConnectionsPerAddress, commandTimeouts);
    }

    public Pop3Settings withMaxBadCommands(int v) {
        return new Pop3Settings(maxLineBytes, maxCommands, v, maxAuthFailures, idleTimeout, maxConnections,
                authFailureDelay, maxConnectionsPerAddress, commandTimeouts);
    }

    public Pop3Settings withMaxAuthFailures(int v) {
        return new Pop3Settings(maxLineBytes, maxCommands, maxBadCommands, v, idleTimeout, maxConnections,
                authFailureDelay, maxConnectionsPerAddress, commandTimeouts);
    }

    public Pop3Settings withIdleTimeout(Duration v) {
        return new Pop3Settings(maxLineBytes, maxCommands, maxBadCommands, maxAuthFailures, v, maxConnections,
                authFailureDelay, maxConnectionsPerAddress, commandTimeouts);
    }

    public Pop3Settings withMaxConnections(int v) {
        return new Pop3Settings(maxLineBytes, maxCommands, maxBadCommands, maxAuthFailures, idleTimeout, v,
                authFailureDelay, maxConnectionsPerAddress, commandTimeouts);
    }

    public Pop3Settings withAuthFailureDelay(Duration v) {
        return new Pop3Settings(maxLineBytes, maxCommands, maxBadCommands, maxAuthFailures, idleTimeout,
                maxConnections, v, maxConnectionsPerAddress, commandTimeouts);
    }

    public Pop3Settings withMaxConnectionsPerAddress(int v) {
        return new Pop3Settings(maxLineBytes, maxCommands, maxBadCommands, maxAuthFailures, idleTimeout,
                maxConnections, authFailureDelay, v, commandTimeouts);
    }
    public Pop3Settings withCommandTimeouts(CommandTimeouts v) {
        return new Pop3Settings(maxLineBytes, maxCommands, maxBadCommands, maxAuthFailures, idleTimeout,
                maxConnections, authFailureDelay, maxConnectionsPerAddress, v);
    }

}
