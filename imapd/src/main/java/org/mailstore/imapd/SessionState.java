package org.mailstore.imapd;

/** RFC 9051 §3: the connection states. */
enum SessionState { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT }
