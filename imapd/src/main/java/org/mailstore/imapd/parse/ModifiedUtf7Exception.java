package org.mailstore.imapd.parse;

/** A mailbox name that is not canonical modified UTF-7; the message is fixed ASCII text, safe to echo. */
public final class ModifiedUtf7Exception extends Exception {
    public ModifiedUtf7Exception(String message) {
        super("invalid modified UTF-7 mailbox name: " + message);
    }
}
