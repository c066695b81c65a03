package org.mailstore.imapd;

/**
 * A command that parsed but cannot mean anything here (a message number beyond the mailbox, a charset we do not
 * have): answered with a tagged BAD. The message is ours, never client text, so it is safe to send.
 */
final class BadCommandException extends Exception {
    BadCommandException(String message) {
        super(message, null, false, false);
    }
}
