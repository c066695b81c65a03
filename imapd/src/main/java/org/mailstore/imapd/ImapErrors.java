package org.mailstore.imapd;

import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.net.EchoText;
import org.mailstore.store.StoreException;

/**
 * The one mapping from the store's failures to tagged NO responses with RFC 5530 / RFC 9051 §7.1 response codes.
 * Handlers never write a response code for a store failure by hand. Temporary failures say only that the server
 * is unavailable (the detail goes to the log); permanent ones echo the store's message, which the store keeps free
 * of CR/LF and bounded.
 */
final class ImapErrors {
    /** How much of a client's mailbox name or address goes back into a response or the log. */
    static final int MAX_ECHOED_CHARS = 100;
    static final String AUTHENTICATION_FAILED = "NO [AUTHENTICATIONFAILED] Authentication failed.";
    /** Dovecot's answer to a temporary authentication failure; here, the throttle refusing for a while. */
    static final String AUTHENTICATION_REFUSED_FOR_NOW = "NO [UNAVAILABLE] Temporary authentication failure.";
    /** RFC 9051 §7.1: a cleartext password where the plaintext policy forbids one (Dovecot's wording). */
    static final String PRIVACY_REQUIRED = "NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.";
    static final String SERVERBUG = "NO [SERVERBUG] Internal error occurred. Refer to server log for more information.";
    /** RFC 9051 §6.4.4, RFC 5255 §3: a SEARCH charset we cannot decode, with the list of those we can. */
    static final String BAD_CHARSET = "NO [BADCHARSET (" + String.join(" ", ImapCommand.Search.CHARSETS) + ")] unsupported charset";
    /** RFC 4978 §3: COMPRESS when compression is on already. */
    static final String COMPRESSION_ACTIVE = "NO [COMPRESSIONACTIVE] DEFLATE active via COMPRESS.";
    static final String UNAVAILABLE = "NO [UNAVAILABLE] Internal error occurred. Refer to server log for more information.";

    /**
     * RFC 6154 §3: CREATE with a special-use attribute the server does not support, or one it will not give to
     * another mailbox (Dovecot answers both with USEATTR). {@code why} is ours, with the attribute echoed bounded.
     */
    static String useAttribute(String why) {
        return "NO [USEATTR] " + why;
    }

    /** RFC 9208 §4.1.3 and RFC 5530: SETQUOTA by an account that is not a quota administrator. */
    static final String QUOTA_NOT_ALLOWED = "NO [NOPERM] Only quota administrators may change quotas.";

    /** RFC 9208: a quota root this user cannot see; the name goes back bounded. */
    static String noSuchQuotaRoot(String root) {
        return "NO [NONEXISTENT] No such quota root: \"" + EchoText.of(root, MAX_ECHOED_CHARS) + "\"";
    }

    /** RFC 9208 §4.1.3: SETQUOTA naming a resource other than STORAGE and MESSAGE. */
    static String unsupportedQuotaResource(String resource) {
        return "NO [CANNOT] Unsupported quota resource: " + EchoText.of(resource, MAX_ECHOED_CHARS);
    }

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
