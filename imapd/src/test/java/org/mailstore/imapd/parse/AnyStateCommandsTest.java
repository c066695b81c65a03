package org.mailstore.imapd.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mailstore.imapd.parse.Conversation.command;
import static org.mailstore.imapd.parse.Conversation.parse;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ParsedCommand;

/** RFC 9051 §6.1 and RFC 2971 ID, with the RFCs' examples. */
class AnyStateCommandsTest {

    @Test
    void capabilityNoopLogout() {
        assertEquals(new ParsedCommand.Command("abcd", new ImapCommand.Capability()), parse("abcd CAPABILITY"));
        assertEquals(new ParsedCommand.Command("a002", new ImapCommand.Noop()), parse("a002 NOOP"));
        assertEquals(new ParsedCommand.Command("A023", new ImapCommand.Logout()), parse("A023 LOGOUT"));
    }

    @Test
    void commandNamesAreCaseInsensitive() {
        assertEquals(new ParsedCommand.Command("a", new ImapCommand.Noop()), parse("a nOoP"));
        assertEquals(new ParsedCommand.Command("b", new ImapCommand.Capability()), parse("b capability"));
    }

    @Test
    void tagMayHoldAnyAstringCharButPlus() {
        assertEquals(new ParsedCommand.Command("A]1.x[", new ImapCommand.Noop()), parse("A]1.x[ NOOP"));
        assertEquals(new ParsedCommand.Bad(null, "missing or invalid tag"), parse("+1 NOOP"));
        assertEquals(new ParsedCommand.Bad(null, "missing or invalid tag"), parse("(a) NOOP"));
    }

    @Test
    void argumentsToArgumentlessCommandsAreBad() {
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command NOOP: unexpected characters at end of command"),
                parse("a NOOP now"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command LOGOUT: unexpected characters at end of command"),
                parse("a LOGOUT "));
    }

    @Test
    void unknownCommandIsBadWithoutEchoingIt() {
        assertEquals(new ParsedCommand.Bad("a", "unknown command"), parse("a XYZZY\u0007"));
        assertEquals(new ParsedCommand.Bad("a", "unknown command"), parse("a STARTSSL"));
        assertEquals(new ParsedCommand.Command("a", new ImapCommand.StartTls()), parse("a starttls"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command STARTTLS: unexpected characters at end of command"),
                parse("a STARTTLS now"));
        assertEquals(new ParsedCommand.Bad("a", "expected an atom"), parse("a (NOOP)"));
        assertEquals(new ParsedCommand.Bad("a", "expected a space"), parse("a"));
    }

    @Test
    void emptyLineIsUntaggedBad() {
        assertEquals(new ParsedCommand.Bad(null, "empty command line"), parse(""));
    }

    @Test
    void idRfc2971Example() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("name", "sodr");
        expected.put("version", "19.34");
        expected.put("vendor", "Pink Floyd Music Limited");
        assertEquals(new ImapCommand.Id(expected),
                command("a023 ID (\"name\" \"sodr\" \"version\" \"19.34\" \"vendor\" \"Pink Floyd Music Limited\")"));
    }

    @Test
    void idNilAndNilValues() {
        assertNull(((ImapCommand.Id) command("a ID NIL")).parameters());
        assertNull(((ImapCommand.Id) command("a ID nil")).parameters());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("name", null);
        assertEquals(new ImapCommand.Id(expected), command("a ID (\"name\" NIL)"));
        assertEquals(new ImapCommand.Id(Map.of()), command("a ID ()"));
    }

    @Test
    void idIsBounded() {
        StringBuilder many = new StringBuilder("a ID (");
        for (int i = 0; i <= CommandParser.MAX_ID_PAIRS; i++) many.append(i == 0 ? "" : " ").append("\"f").append(i).append("\" \"v\"");
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command ID: too many ID fields"), parse(many + ")"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command ID: ID field name too long"),
                parse("a ID (\"" + "f".repeat(CommandParser.MAX_ID_FIELD_BYTES + 1) + "\" \"v\")"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command ID: ID value too long"),
                parse("a ID (\"f\" \"" + "v".repeat(CommandParser.MAX_ID_VALUE_BYTES + 1) + "\")"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command ID: duplicate ID field"),
                parse("a ID (\"name\" \"x\" \"NAME\" \"y\")"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command ID: expected a space"), parse("a ID (\"name\")"));
    }
}
