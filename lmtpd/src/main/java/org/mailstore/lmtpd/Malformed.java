package org.mailstore.lmtpd;

/** A line that is not a command we can run, with the reply that says why. */
public record Malformed(LmtpReply reply) implements ParseResult {}
