package org.mailstore.imapd.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailstore.imapd.parse.Conversation.command;
import static org.mailstore.imapd.parse.Conversation.parse;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ImapCommand.StoreMode;
import org.mailstore.imapd.command.ParsedCommand;
import org.mailstore.imapd.command.SequenceSet;
import org.mailstore.imapd.command.SequenceSet.Range;

/** RFC 9051 §6.4 except SEARCH and FETCH: STORE, COPY, MOVE (RFC 6851), EXPUNGE, UID EXPUNGE (RFC 4315), and the rest. */
class StoreCopyMoveExpungeTest {
    private static final SequenceSet TWO_TO_FOUR = SequenceSet.of(List.of(new Range(2, 4)));

    @Test
    void storeRfcExampleAndEveryMode() {
        assertEquals(new ImapCommand.Store(false, TWO_TO_FOUR, StoreMode.ADD, false, List.of("\\Deleted")),
                command("A003 STORE 2:4 +FLAGS (\\Deleted)"));
        assertEquals(new ImapCommand.Store(false, TWO_TO_FOUR, StoreMode.REMOVE, true, List.of("\\Seen", "$Label1")),
                command("a STORE 2:4 -flags.silent (\\SEEN $Label1 \\seen)"));
        assertEquals(new ImapCommand.Store(true, TWO_TO_FOUR, StoreMode.REPLACE, false, List.of()),
                command("a UID STORE 2:4 FLAGS ()"));
        assertEquals(new ImapCommand.Store(true, TWO_TO_FOUR, StoreMode.REPLACE, true, List.of("\\Answered", "foo")),
                command("a UID STORE 2:4 FLAGS.SILENT \\Answered foo"));
    }

    @Test
    void malformedStores() {
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command STORE: \\Recent cannot be set"),
                parse("a STORE 1 +FLAGS (\\Recent)"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command STORE: invalid system flag"),
                parse("a STORE 1 +FLAGS (\\Important)"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command STORE: expected an atom"),
                parse("a STORE 1 *FLAGS (\\Seen)"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command STORE: unknown store item"),
                parse("a STORE 1 FLAGS.LOUD (\\Seen)"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command STORE: unknown STORE modifier"),
                parse("a STORE 1 (CHANGEDSINCE 12) +FLAGS (\\Seen)"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command STORE: expected an atom"),
                parse("a STORE 1 +FLAGS ((\\Seen))"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command STORE: expected an atom"), parse("a STORE 1 +FLAGS "));
    }

    @Test
    void copyAndMove() {
        assertEquals(new ImapCommand.Copy(false, TWO_TO_FOUR, "MEETING"), command("A003 COPY 2:4 MEETING"));
        assertEquals(new ImapCommand.Copy(true, TWO_TO_FOUR, "INBOX"), command("a uid copy 2:4 inbox"));
        assertEquals(new ImapCommand.Move(true, SequenceSet.of(List.of(new Range(42, 69))), "foo"),
                command("a UID MOVE 42:69 foo"));
        assertEquals(new ImapCommand.Move(false, TWO_TO_FOUR, "Trash"), command("a MOVE 2:4 \"Trash\""));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command COPY: expected a space"), parse("a COPY 2:4"));
    }

    @Test
    void expungeAndUidExpunge() {
        assertEquals(new ImapCommand.Expunge(Optional.empty()), command("A202 EXPUNGE"));
        assertEquals(new ImapCommand.Expunge(Optional.of(SequenceSet.of(List.of(new Range(3000, 3002))))),
                command("A003 UID EXPUNGE 3000:3002"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command UID: expected a space"), parse("a UID EXPUNGE"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command UID: unknown UID command"), parse("a UID NOOP"));
    }

    @Test
    void argumentlessSelectedStateCommands() {
        assertEquals(new ImapCommand.Check(), command("FXXZ CHECK"));
        assertEquals(new ImapCommand.Close(), command("A341 CLOSE"));
        assertEquals(new ImapCommand.Unselect(), command("A342 UNSELECT"));
    }
}
