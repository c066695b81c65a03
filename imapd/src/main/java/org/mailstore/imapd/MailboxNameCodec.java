package org.mailstore.imapd;

import org.mailstore.imapd.parse.ModifiedUtf7;
import org.mailstore.imapd.parse.ModifiedUtf7Exception;
import org.mailstore.store.StoreException;

/**
 * Mailbox names between the wire and the store: modified UTF-7 (RFC 3501 §5.1.3) for IMAP4rev1 sessions, UTF-8 as
 * is once IMAP4rev2 is enabled (RFC 9051 §5.1). A name that is not valid modified UTF-7 is the store's INVALID_NAME,
 * so it is answered like any other bad name ({@code NO [CANNOT]}).
 */
final class MailboxNameCodec {
    private MailboxNameCodec() {}

    /** The store form of a name as the client sent it; INVALID_NAME from the store when it is not valid. */
    static String decode(String wire, boolean utf8) {
        if (utf8) return wire;
        try {
            return ModifiedUtf7.decode(wire);
        } catch (ModifiedUtf7Exception e) {
            throw new StoreException(StoreException.Reason.INVALID_NAME, "invalid mailbox name '" + wire + "': " + e.getMessage());
        }
    }

    static String encode(String name, boolean utf8) {
        return utf8 ? name : ModifiedUtf7.encode(name);
    }
}
