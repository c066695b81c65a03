package org.mailstore.imapd.parse;

import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ParsedCommand;

/** What follows one message of an APPEND (RFC 3502 MULTIAPPEND): see {@link CommandReader#nextAppendMessage}. */
public sealed interface AppendNext {
    /** The line ended: the command is complete. */
    record End() implements AppendNext {}

    /** Another message for the same mailbox, announced and not yet read. */
    record Message(ImapCommand.Append message) implements AppendNext {}

    /** The rest of the line is not an APPEND message; nothing of the command may be kept. */
    record Bad(ParsedCommand.Bad bad) implements AppendNext {}
}
