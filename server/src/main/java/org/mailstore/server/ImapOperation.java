package org.mailstore.server;

/** The operations {@code bench imap} counts, in the order a round performs them. */
enum ImapOperation {
    LOGIN, SELECT, FETCH, STORE, SEARCH, APPEND, EXPUNGE, IDLE, LOGOUT
}
