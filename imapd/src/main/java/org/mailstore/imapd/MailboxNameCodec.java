package org.mailstore.imapd;

/**
 * Mailbox names between the wire and the store: modified UTF-7 (RFC 3501 §5.1.3) for IMAP4rev1 sessions, UTF-8 as
 * is once IMAP4rev2 is enabled (RFC 9051 §5.1). STAND-IN for the parser helper's ModifiedUtf7: passes ASCII names
 * through and only knows the {@code &-} escape.
 */
final class MailboxNameCodec {
    private MailboxNameCodec() {}

    /** The store form of a name as the client sent it; INVALID_NAME from the store when it is not valid. */
    static String decode(String wire, boolean utf8) {
        return utf8 ? wire : wire.replace("&-", "&");
    }

    static String encode(String name, boolean utf8) {
        return utf8 ? name : name.replace("&", "&-");
    }
}
