package org.mailstore.imapd;

import java.time.Duration;
import java.util.Set;
import org.mailstore.net.CommandTimeouts;

/**
 * The IMAP server's limits, frozen at start (invariant 7: every input has a limit). Command syntax limits (line,
 * literal, nesting) belong to the parser; these are the session's.
 *
 * @param maxConnections     concurrent connections; sessions hold no database connection while idle, so this can
 *                           be far above the pool size
 * @param loginTimeout       silence allowed before login
 * @param autologout         silence allowed after login, IDLE included (RFC 9051 §5.4: at least 30 minutes; a client
 *                           in IDLE re-arms it by sending DONE and IDLE again)
 * @param maxBadCommands     BAD answers in a row before the server hangs up
 * @param maxAuthFailures    failed logins on one connection before the server hangs up
 * @param authFailureDelay   wait before answering a first failed login, the same for every cause; it grows with
 *                           further failures when the server makes its own {@code AuthThrottle} (serve shares one)
 * @param maxAppendBytes     largest message APPEND accepts
 * @param maxContinuationBytes longest AUTHENTICATE response or IDLE line
 * @param maxConnectionsPerAddress concurrent connections from one remote address
 * @param quotaAdmins        account addresses (normalised, as the store keeps them) that may use SETQUOTA (RFC 9208)
 * @param commandTimeouts    how long one command (with its literals) may take to arrive from its first byte; before
 *                           login never longer than the login timeout
 */
public record ImapSettings(int maxConnections, Duration loginTimeout, Duration autologout, int maxBadCommands,
                           int maxAuthFailures, Duration authFailureDelay, long maxAppendBytes, int maxContinuationBytes,
                           int maxConnectionsPerAddress, Set<String> quotaAdmins, CommandTimeouts commandTimeouts) {
    /** 10,000 IDLE sessions fit in 1 GiB of heap (about 20 KB each, see docs/imap.md). */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final Duration DEFAULT_LOGIN_TIMEOUT = Duration.ofMinutes(3);
    /** RFC 9051 §5.4: "at least 30 minutes". */
    public static final Duration DEFAULT_AUTOLOGOUT = Duration.ofMinutes(30);
    /** The same as pop3d: a client that sends 20 bad commands in a row is not going to recover. */
    public static final int DEFAULT_MAX_BAD_COMMANDS = 20;
    public static final int DEFAULT_MAX_AUTH_FAILURES = 3;
    /** Dovecot's auth_failure_delay. */
    public static final Duration DEFAULT_AUTH_FAILURE_DELAY = Duration.ofSeconds(2);
    /** Above common provider limits (Gmail 25 MB, Microsoft 150 MB is rare); APPEND streams, so this bounds disk, not memory. */
    public static final long DEFAULT_MAX_APPEND_BYTES = 64L * 1024 * 1024;
    /** A SASL PLAIN response with a long address and password, base64: well under this. */
    public static final int DEFAULT_MAX_CONTINUATION_BYTES = 8 * 1024;
    public static final int MIN_CONTINUATION_BYTES = 1024;
    /** A household or small office behind one NAT, each client with a few connections per account. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 100;

    public ImapSettings {
        if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be >= 1");
        if (loginTimeout == null || loginTimeout.toMillis() < 1) throw new IllegalArgumentException("loginTimeout must be >= 1 ms");
        if (autologout == null || autologout.toMillis() < 1) throw new IllegalArgumentException("autologout must be >= 1 ms");
        if (maxBadCommands < 1) throw new IllegalArgumentException("maxBadCommands must be >= 1");
        if (maxAuthFailures < 1) throw new IllegalArgumentException("maxAuthFailures must be >= 1");
        if (authFailureDelay == null || authFailureDelay.isNegative()) throw new IllegalArgumentException("authFailureDelay must be >= 0");
        if (maxAppendBytes < 1) throw new IllegalArgumentException("maxAppendBytes must be >= 1");
        if (maxContinuationBytes < MIN_CONTINUATION_BYTES) {
            throw new IllegalArgumentException("maxContinuationBytes must be >= " + MIN_CONTINUATION_BYTES);
        }
        if (maxConnectionsPerAddress < 1) throw new IllegalArgumentException("maxConnectionsPerAddress must be >= 1");
        if (commandTimeouts == null) throw new IllegalArgumentException("commandTimeouts must be given");
        quotaAdmins = Set.copyOf(quotaAdmins);
    }

    public static ImapSettings defaults() {
        return new ImapSettings(DEFAULT_MAX_CONNECTIONS, DEFAULT_LOGIN_TIMEOUT, DEFAULT_AUTOLOGOUT, DEFAULT_MAX_BAD_COMMANDS,
                DEFAULT_MAX_AUTH_FAILURES, DEFAULT_AUTH_FAILURE_DELAY, DEFAULT_MAX_APPEND_BYTES, DEFAULT_MAX_CONTINUATION_BYTES,
                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, Set.of(), CommandTimeouts.defaults());
    }

    public ImapSettings withMaxConnections(int v) {
        return new ImapSettings(v, loginTimeout, autologout, maxBadCommands, maxAuthFailures, authFailureDelay,
                maxAppendBytes, maxContinuationBytes, maxConnectionsPerAddress, quotaAdmins, commandTimeouts);
    }

    public ImapSettings withLoginTimeout(Duration v) {
        return new ImapSettings(maxConnections, v, autologout, maxBadCommands, maxAuthFailures, authFailureDelay,
                maxAppendBytes, maxContinuationBytes, maxConnectionsPerAddress, quotaAdmins, commandTimeouts);
    }

    public ImapSettings withAutologout(Duration v) {
        return new ImapSettings(maxConnections, loginTimeout, v, maxBadCommands, maxAuthFailures, authFailureDelay,
                maxAppendBytes, maxContinuationBytes, maxConnectionsPerAddress, quotaAdmins, commandTimeouts);
    }

    public ImapSettings withMaxBadCommands(int v) {
        return new ImapSettings(maxConnections, loginTimeout, autologout, v, maxAuthFailures, authFailureDelay,
                maxAppendBytes, maxContinuationBytes, maxConnectionsPerAddress, quotaAdmins, commandTimeouts);
    }

    public ImapSettings withMaxAuthFailures(int v) {
        return new ImapSettings(maxConnections, loginTimeout, autologout, maxBadCommands, v, authFailureDelay,
                maxAppendBytes, maxContinuationBytes, maxConnectionsPerAddress, quotaAdmins, commandTimeouts);
    }

    public ImapSettings withAuthFailureDelay(Duration v) {
        return new ImapSettings(maxConnections, loginTimeout, autologout, maxBadCommands, maxAuthFailures, v,
                maxAppendBytes, maxContinuationBytes, maxConnectionsPerAddress, quotaAdmins, commandTimeouts);
    }

    public ImapSettings withMaxAppendBytes(long v) {
        return new ImapSettings(maxConnections, loginTimeout, autologout, maxBadCommands, maxAuthFailures, authFailureDelay,
                v, maxContinuationBytes, maxConnectionsPerAddress, quotaAdmins, commandTimeouts);
    }

    public ImapSettings withMaxConnectionsPerAddress(int v) {
        return new ImapSettings(maxConnections, loginTimeout, autologout, maxBadCommands, maxAuthFailures, authFailureDelay,
                maxAppendBytes,
                maxContinuationBytes, v, quotaAdmins, commandTimeouts);
    }

    public ImapSettings withQuotaAdmins(Set<String> v) {
        return new ImapSettings(maxConnections, loginTimeout, autologout, maxBadCommands, maxAuthFailures, authFailureDelay,
                maxAppendBytes, maxContinuationBytes, maxConnectionsPerAddress, v, commandTimeouts);
    }

    /** Whether this account may change quotas with SETQUOTA. */
    public boolean quotaAdmin(String accountAddress) {
        return quotaAdmins.contains(accountAddress);
    }
    public ImapSettings withCommandTimeouts(CommandTimeouts v) {
        return new ImapSettings(maxConnections, loginTimeout, autologout, maxBadCommands, maxAuthFailures, authFailureDelay,
                maxAppendBytes, maxContinuationBytes, maxConnectionsPerAddress, quotaAdmins, v);
    }

}
