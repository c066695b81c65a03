package org.mailstore.imapd.parse;

import java.util.List;

/**
 * One command as it arrived: its lines without CRLF and without their literal announcements, and the literal
 * that followed each announcement. Literal {@code i} stands where line {@code i} ends, so there is one literal
 * fewer than lines, except in an APPEND prefix, whose last line ends where the (unread) message literal begins.
 */
record CommandText(List<byte[]> lines, List<byte[]> literals) {
    CommandText {
        lines = List.copyOf(lines);
        literals = List.copyOf(literals);
    }

    static CommandText of(byte[] line) {
        return new CommandText(List.of(line), List.of());
    }
}
