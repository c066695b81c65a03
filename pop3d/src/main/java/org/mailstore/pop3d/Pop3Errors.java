package org.mailstore.pop3d;

import org.mailstore.store.StoreException;

/**
 * The one mapping from the store's failures to POP3 answers, with RFC 2449 / RFC 3206 response
 * codes: [SYS/TEMP] when the same command may work later, [SYS/PERM] when it will not, [AUTH]
 * for anything about the credentials. Handlers never write a response code by hand; the texts
 * say what happened without internal detail (that goes to the log).
 */
final class Pop3Errors {
    static final String AUTH_FAILED = "-ERR [AUTH] Authentication failed.";
    /** Dovecot's answer to a temporary authentication failure; here, the throttle refusing for a while. */
    static final String AUTH_REFUSED_FOR_NOW = "-ERR [SYS/TEMP] Temporary authentication failure.";
    /** A cleartext password where the plaintext policy forbids one (Dovecot's wording; RFC 3206 [AUTH]: about the credentials). */
    static final String PRIVACY_REQUIRED = "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.";
    static final String IN_USE = "-ERR [IN-USE] Mailbox is locked by another POP3 session.";
    static final String LOCK_LOST = "-ERR [SYS/TEMP] Lost the maildrop lock; no messages were deleted.";

    private Pop3Errors() {}

    static String of(StoreException e) {
        return switch (e.reason()) {
            case NO_SUCH_ACCOUNT, ACCOUNT_DISABLED -> AUTH_FAILED;
            case CONTENT_UNAVAILABLE -> "-ERR [SYS/TEMP] Message content is unavailable right now.";
            case DATABASE_UNAVAILABLE, CONFLICT, JOURNAL_FAILURE, BLOB_STORE_FAILURE ->
                    "-ERR [SYS/TEMP] Internal error occurred. Refer to server log for more information.";
            case NO_SUCH_MAILBOX, ALREADY_EXISTS, INVALID_NAME, NOT_ALLOWED, OVER_QUOTA, MESSAGE_TOO_LARGE_FOR_QUOTA ->
                    "-ERR [SYS/PERM] " + e.getMessage();
        };
    }
}
