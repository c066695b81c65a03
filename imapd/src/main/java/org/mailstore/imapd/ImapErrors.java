package org.mailstore.imapd;

import org.mailstore.store.StoreException;

/**
 * The one mapping from the store's failures to tagged NO responses with RFC 5530 / RFC 9051 §7.1 response codes.
 * Handlers never write a response code for a store failure by hand. Temporary failures say only that the server
 * is unavailable (the detail goes to the log); permanent ones echo the store's message, which the store keeps free
 * of CR/LF and bounded.
 */
final class ImapErrors {
    static final String AUTHENTICATION_FAILED = "NO [AUTHENTICATIONFAILED] Authentication failed.";
    static final String SERVERBUG = "NO [SERVERBUG] Internal error occurred. Refer to server log for more information.";
    static final String UNAVAILABLE = "NO [UNAVAILABLE] Internal error occurred. Refer to server log for more information.";

    /** Where the mailbox named in the failed command stands: a source (SELECT, STATUS) or a destination (APPEND, COPY). */
    enum Role { SOURCE, DESTINATION }

    private ImapErrors() {}

    /** The response text after the tag, e.g. {@code NO [TRYCREATE] no such mailbox: x}. */
    static String of(StoreException e, Role role) {
        return switch (e.reason()) {
            case NO_SUCH_ACCOUNT, ACCOUNT_DISABLED -> AUTHENTICATION_FAILED;
            case NO_SUCH_MAILBOX -> role == Role.DESTINATION ? "NO [TRYCREATE] " + e.getMessage() : "NO [NONEXISTENT] " + e.getMessage();
            case ALREADY_EXISTS -> "NO [ALREADYEXISTS] " + e.getMessage();
            case INVALID_NAME, NOT_ALLOWED -> "NO [CANNOT] " + e.getMessage();
            case OVER_QUOTA, MESSAGE_TOO_LARGE_FOR_QUOTA -> "NO [OVERQUOTA] " + e.getMessage();
            case CONTENT_UNAVAILABLE -> "NO [UNAVAILABLE] Message content is unavailable right now.";
            case CONFLICT -> "NO [INUSE] The mailbox is busy; try again.";
            case BLOB_STORE_FAILURE, JOURNAL_FAILURE, DATABASE_UNAVAILABLE -> UNAVAILABLE;
        };
    }
}
