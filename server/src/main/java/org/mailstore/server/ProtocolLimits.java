package org.mailstore.server;

import java.time.Duration;
import java.util.SortedSet;
import org.mailstore.imapd.ImapSettings;
import org.mailstore.lmtpd.LmtpSettings;
import org.mailstore.net.AuthThrottle;
import org.mailstore.net.CommandTimeouts;
import org.mailstore.pop3d.Pop3Settings;

/**
 * The abuse limits operators set in {@code mailstore.conf} (docs/configuration.md, "Authentication and abuse limits"
 * in docs/operations.md): connection caps, idle and command timeouts and failed-authentication throttling; and the accounts that
 * may change quotas over IMAP. Defaults are the
 * protocol modules' own; this record only carries what the configuration changed into their settings.
 */
record ProtocolLimits(
        int imapMaxConnections,
        int imapMaxConnectionsPerAddress,
        Duration imapLoginTimeout,
        Duration imapIdleTimeout,
        Duration imapCommandTimeout,
        SortedSet<String> imapQuotaAdmins,
        int pop3MaxConnections,
        int pop3MaxConnectionsPerAddress,
        Duration pop3IdleTimeout,
        Duration pop3CommandTimeout,
        int lmtpMaxConnections,
        Duration lmtpIdleTimeout,
        Duration lmtpCommandTimeout,
        long clientMinDataRate,
        Duration authFailureDelay,
        Duration authFailureDelayMax,
        int authFailuresBeforeRefusal,
        Duration authRefusalWindow,
        int authFailuresPerConnection) {

    /** One throttle for the whole process, so that switching protocols buys a guesser nothing. */
    AuthThrottle newThrottle() {
        return new AuthThrottle(new AuthThrottle.Settings(authFailureDelay, authFailureDelayMax, authFailuresBeforeRefusal, authRefusalWindow,
                AuthThrottle.Settings.DEFAULT_MAX_TRACKED));
    }

    ImapSettings imap() {
        return ImapSettings.defaults().withMaxConnections(imapMaxConnections).withMaxConnectionsPerAddress(imapMaxConnectionsPerAddress)
                .withLoginTimeout(imapLoginTimeout).withAutologout(imapIdleTimeout).withMaxAuthFailures(authFailuresPerConnection)
                .withAuthFailureDelay(authFailureDelay).withQuotaAdmins(imapQuotaAdmins)
                .withCommandTimeouts(new CommandTimeouts(imapCommandTimeout, clientMinDataRate));
    }

    Pop3Settings pop3() {
        return Pop3Settings.defaults().withMaxConnections(pop3MaxConnections).withMaxConnectionsPerAddress(pop3MaxConnectionsPerAddress)
                .withIdleTimeout(pop3IdleTimeout).withMaxAuthFailures(authFailuresPerConnection).withAuthFailureDelay(authFailureDelay)
                .withCommandTimeouts(new CommandTimeouts(pop3CommandTimeout, clientMinDataRate));
    }

    LmtpSettings lmtp() {
        return LmtpSettings.defaults().withMaxConnections(lmtpMaxConnections).withIdleTimeout(lmtpIdleTimeout)
                .withCommandTimeouts(new CommandTimeouts(lmtpCommandTimeout, clientMinDataRate));
    }
}
