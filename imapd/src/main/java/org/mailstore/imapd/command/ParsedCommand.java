package org.mailstore.imapd.command;

/**
 * What the parser made of one command line: a command with its tag, or a reason to answer BAD. {@code tag} is
 * null when the line had no usable tag (the session then answers with the untagged {@code * BAD}).
 */
public sealed interface ParsedCommand {
    record Command(String tag, ImapCommand command) implements ParsedCommand {}
    /** {@code message} is safe to echo: ASCII, no CR/LF, bounded. */
    record Bad(String tag, String message) implements ParsedCommand {}
}
