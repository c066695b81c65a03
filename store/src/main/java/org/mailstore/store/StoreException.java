package org.mailstore.store;

/**
 * The one failure type the store raises. Protocol modules map {@link Reason} to their own response
 * codes (RFC 5530 for IMAP, RFC 3463 for LMTP, RFC 2449 for POP3) in one place each; the message
 * is for logs and operators, already free of CR/LF so it can be echoed safely.
 */
public class StoreException extends RuntimeException {
    public enum Reason {
        /** The address is not an account here. */
        NO_SUCH_ACCOUNT(false),
        /** The account exists but may not receive or log in. */
        ACCOUNT_DISABLED(false),
        NO_SUCH_MAILBOX(false),
        ALREADY_EXISTS(false),
        /** A mailbox name or address that breaks the naming rules. */
        INVALID_NAME(false),
        /** INBOX cannot be deleted; a mailbox with children cannot be deleted. */
        NOT_ALLOWED(false),
        /** The message would take the account over its storage or message limit. */
        OVER_QUOTA(false),
        /** The message alone is larger than the account's whole limit: retrying will never help. */
        MESSAGE_TOO_LARGE_FOR_QUOTA(false),
        /** A message's bytes are not in the blob tree (restored from an older backup, or the tree is away). */
        CONTENT_UNAVAILABLE(true),
        /** The blob store could not take the message (disk full, I/O error). */
        BLOB_STORE_FAILURE(true),
        /** The delivery journal could not be made durable. */
        JOURNAL_FAILURE(true),
        /** PostgreSQL could not be reached or failed the transaction. */
        DATABASE_UNAVAILABLE(true),
        /** Two changes collided and retries ran out; the client may simply try again. */
        CONFLICT(true);

        private final boolean temporary;

        Reason(boolean temporary) {
            this.temporary = temporary;
        }

        /** True when the same request may succeed later without any change by the client. */
        public boolean temporary() {
            return temporary;
        }
    }

    private final Reason reason;

    public StoreException(Reason reason, String message) {
        this(reason, message, null);
    }

    public StoreException(Reason reason, String message, Throwable cause) {
        super(SafeText.of(message), cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
