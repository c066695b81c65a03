package org.mailstore.lmtpd;

/** Where a session is in RFC 2033's sequence: LHLO, then MAIL, then RCPT (one or more), then DATA or BDAT. */
enum LmtpState {
    /** Greeted; LHLO not yet seen. */
    CONNECTED,
    /** LHLO done, no transaction open. */
    READY,
    /** MAIL accepted, no recipient yet. */
    MAIL_GIVEN,
    /** At least one recipient accepted: the message may follow. */
    RCPT_GIVEN
}
