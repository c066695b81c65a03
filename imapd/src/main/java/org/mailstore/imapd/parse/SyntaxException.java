package org.mailstore.imapd.parse;

/**
 * Malformed input inside the parser; it never leaves the package (the reader turns it into a {@code Bad}). The
 * message is fixed ASCII text written here, never client bytes. No stack trace: it is control flow, and the fuzz
 * test throws it millions of times.
 */
final class SyntaxException extends Exception {
    SyntaxException(String message) {
        super(message, null, false, false);
    }
}
