package org.mailstore.lmtpd;

import java.util.OptionalLong;

/**
 * One parsed LMTP command, immutable; the session handles these and never sees bytes. Addresses
 * are validated by the parser (printable ASCII, no CR/LF, RFC 5321 path syntax), so they are safe
 * to echo and to write into a header.
 */
public sealed interface LmtpCommand extends ParseResult {
    /** RFC 6152: what the client says the body holds. */
    enum Body { SEVEN_BIT, EIGHT_BIT_MIME }

    record Lhlo(String domain) implements LmtpCommand {}

    /** {@code reversePath} is empty for the null sender {@code <>}; {@code size} is RFC 1870's declared size. */
    record MailFrom(String reversePath, OptionalLong size, Body body) implements LmtpCommand {}

    record RcptTo(String forwardPath) implements LmtpCommand {}

    record Data() implements LmtpCommand {}

    /** RFC 3030: {@code size} octets follow the command line at once. */
    record Bdat(long size, boolean last) implements LmtpCommand {}

    record Rset() implements LmtpCommand {}

    record Noop() implements LmtpCommand {}

    record Vrfy(String argument) implements LmtpCommand {}

    record Quit() implements LmtpCommand {}

    /** RFC 3207. */
    record StartTls() implements LmtpCommand {}
}
