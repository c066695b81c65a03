package org.mailstore.lmtpd;

/** What {@link LmtpCommandParser} makes of one line: a command, or the reply that refuses it. */
public sealed interface ParseResult permits LmtpCommand, Malformed {}
