package org.mailstore.lmtpd;

import java.util.List;
import org.mailstore.store.StoreException;

/**
 * Every reply the server sends, with RFC 3463 enhanced codes, and the one mapping from the store's
 * failure reasons to reply codes (STYLE.md: handlers never write codes by hand). Texts follow
 * Dovecot's LMTP where the RFCs leave the wording open.
 */
public final class LmtpReplies {
    public static final LmtpReply OK = LmtpReply.of(250, "2.0.0", "OK");
    public static final LmtpReply SENDER_OK = LmtpReply.of(250, "2.1.0", "Sender OK");
    public static final LmtpReply RECIPIENT_OK = LmtpReply.of(250, "2.1.5", "Recipient OK");
    public static final LmtpReply DELIVERED = LmtpReply.of(250, "2.0.0", "Saved");
    public static final LmtpReply START_DATA = LmtpReply.of(354, null, "Start mail input; end with <CRLF>.<CRLF>");
    public static final LmtpReply VRFY = LmtpReply.of(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery");

    public static final LmtpReply LINE_TOO_LONG = LmtpReply.of(500, "5.5.2", "Line too long");
    public static final LmtpReply INVALID_CHARACTERS = LmtpReply.of(500, "5.5.2", "Invalid characters in command");
    public static final LmtpReply EMPTY_COMMAND = LmtpReply.of(500, "5.5.2", "Empty command");
    public static final LmtpReply UNKNOWN_COMMAND = LmtpReply.of(500, "5.5.1", "Unknown command");
    /** RFC 2033 §4.1: HELO and EHLO must not get a positive reply; 500 is recommended. */
    public static final LmtpReply USE_LHLO = LmtpReply.of(500, "5.5.1", "This is LMTP: use LHLO");
    public static final LmtpReply NO_ARGUMENTS = LmtpReply.of(501, "5.5.4", "This command takes no arguments");
    public static final LmtpReply LHLO_SYNTAX = LmtpReply.of(501, "5.5.4", "Syntax: LHLO hostname");
    public static final LmtpReply MAIL_SYNTAX = LmtpReply.of(501, "5.5.4", "Syntax: MAIL FROM:<address> [parameters]");
    public static final LmtpReply RCPT_SYNTAX = LmtpReply.of(501, "5.5.4", "Syntax: RCPT TO:<address>");
    public static final LmtpReply BDAT_SYNTAX = LmtpReply.of(501, "5.5.4", "Syntax: BDAT size [LAST]");
    public static final LmtpReply VRFY_SYNTAX = LmtpReply.of(501, "5.5.4", "Syntax: VRFY address");
    public static final LmtpReply BAD_SENDER = LmtpReply.of(501, "5.1.7", "Invalid sender address");
    public static final LmtpReply BAD_RECIPIENT = LmtpReply.of(501, "5.1.3", "Invalid recipient address");
    public static final LmtpReply BAD_PARAMETER = LmtpReply.of(501, "5.5.4", "Invalid parameter");
    public static final LmtpReply DUPLICATE_PARAMETER = LmtpReply.of(501, "5.5.4", "Parameter given twice");
    public static final LmtpReply UNSUPPORTED_PARAMETER = LmtpReply.of(555, "5.5.4", "Unsupported parameter");

    public static final LmtpReply LHLO_FIRST = LmtpReply.of(503, "5.5.1", "Send LHLO first");
    public static final LmtpReply MAIL_FIRST = LmtpReply.of(503, "5.5.1", "MAIL needed first");
    public static final LmtpReply NESTED_MAIL = LmtpReply.of(503, "5.5.1", "Nested MAIL command");
    /** RFC 2033 §4.2: DATA with no accepted recipient gets 503. */
    /** RFC 3207 §4: the go-ahead; the handshake follows at once. */
    public static final LmtpReply READY_FOR_TLS = LmtpReply.of(220, "2.0.0", "Ready to start TLS");
    public static final LmtpReply TLS_UNAVAILABLE = LmtpReply.of(502, "5.5.1", "TLS not available");
    public static final LmtpReply TLS_ACTIVE = LmtpReply.of(503, "5.5.1", "TLS already active");
    public static final LmtpReply TLS_IN_TRANSACTION = LmtpReply.of(503, "5.5.1", "MAIL transaction in progress");
    public static final LmtpReply NO_RECIPIENTS = LmtpReply.of(503, "5.5.1", "No valid recipients");

    public static final LmtpReply MESSAGE_TOO_BIG = LmtpReply.of(552, "5.3.4", "Message too big for system");
    public static final LmtpReply TOO_MANY_RECIPIENTS = LmtpReply.of(452, "4.5.3", "Too many recipients");
    public static final LmtpReply LOCAL_ERROR = LmtpReply.of(451, "4.3.0", "Temporary internal error");

    private LmtpReplies() {}

    public static LmtpReply greeting(String hostname) {
        return LmtpReply.of(220, null, hostname + " LMTP mailstore ready");
    }

    public static LmtpReply busy(String hostname) {
        return LmtpReply.of(421, "4.3.2", hostname + " Too many connections, try again later");
    }

    public static LmtpReply bye(String hostname) {
        return LmtpReply.of(221, "2.0.0", hostname + " Bye");
    }

    public static LmtpReply idleTimeout(String hostname) {
        return LmtpReply.of(421, "4.4.2", hostname + " Idle timeout, closing connection");
    }

    /** A command (DATA and BDAT with their message) that did not arrive whole in time: see CommandDeadline. */
    public static LmtpReply commandTimeout(String hostname) {
        return LmtpReply.of(421, "4.4.2", hostname + " Command timed out, closing connection");
    }

    public static LmtpReply sessionTimeout(String hostname) {
        return LmtpReply.of(421, "4.4.2", hostname + " Session time limit reached, closing connection");
    }

    /** RFC 2034: the capability list carries no enhanced codes. */
    public static LmtpReply capabilities(String hostname, long maxMessageBytes) {
        return capabilities(hostname, maxMessageBytes, false);
    }

    /** With STARTTLS (RFC 3207) when TLS is available and not yet on. */
    public static LmtpReply capabilities(String hostname, long maxMessageBytes, boolean startTls) {
        List<String> lines = new java.util.ArrayList<>(List.of(hostname, "8BITMIME", "CHUNKING", "ENHANCEDSTATUSCODES", "PIPELINING"));
        if (startTls) lines.add("STARTTLS");
        lines.add("SIZE " + maxMessageBytes);
        return new LmtpReply(250, null, List.copyOf(lines));
    }

    public static LmtpReply chunkReceived(long octets) {
        return LmtpReply.of(250, "2.0.0", octets + " octets received");
    }

    /** The reply for a store failure, at RCPT or after the message. */
    public static LmtpReply forFailure(StoreException.Reason reason) {
        return switch (reason) {
            case NO_SUCH_ACCOUNT -> LmtpReply.of(550, "5.1.1", "User unknown");
            case ACCOUNT_DISABLED -> LmtpReply.of(550, "5.2.1", "Mailbox disabled");
            case OVER_QUOTA -> LmtpReply.of(452, "4.2.2", "Mailbox full");
            case MESSAGE_TOO_LARGE_FOR_QUOTA -> LmtpReply.of(552, "5.2.2", "Message exceeds the mailbox quota");
            case INVALID_NAME -> LmtpReply.of(553, "5.1.3", "Invalid address");
            case BLOB_STORE_FAILURE -> LmtpReply.of(452, "4.3.1", "Insufficient system storage");
            case DATABASE_UNAVAILABLE, JOURNAL_FAILURE, CONFLICT -> LmtpReply.of(451, "4.3.0", "Temporary local failure, try again later");
            // Delivery falls back to INBOX and never creates, renames or reads: reaching these means the
            // store is inconsistent (INBOX gone, say), a local fault the reconciler repairs; the MTA should retry.
            case NO_SUCH_MAILBOX, ALREADY_EXISTS, NOT_ALLOWED, CONTENT_UNAVAILABLE -> LOCAL_ERROR;
        };
    }
}
