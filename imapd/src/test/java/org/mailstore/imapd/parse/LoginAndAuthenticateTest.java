package org.mailstore.imapd.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailstore.imapd.parse.Conversation.command;
import static org.mailstore.imapd.parse.Conversation.parse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ParsedCommand;

/** RFC 9051 §6.2: LOGIN and AUTHENTICATE with SASL-IR (RFC 4959). */
class LoginAndAuthenticateTest {

    @Test
    void loginRfcExample() {
        assertEquals(new ImapCommand.Login("SMITH", "SESAME"), command("a001 LOGIN SMITH SESAME"));
    }

    @Test
    void loginWithQuotedAndLiteralStrings() {
        assertEquals(new ImapCommand.Login("fred foobar", "pass\"word\\"),
                command("a LOGIN \"fred foobar\" \"pass\\\"word\\\\\""));
        Conversation c = Conversation.of("a LOGIN {11}\r\nfred foobar {7}\r\nfat man\r\n");
        assertEquals(new ParsedCommand.Command("a", new ImapCommand.Login("fred foobar", "fat man")), c.next());
        assertEquals(List.of(CommandReader.CONTINUATION_TEXT, CommandReader.CONTINUATION_TEXT), c.continuations);
    }

    @Test
    void loginNeedsTwoArguments() {
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command LOGIN: expected a space"), parse("a LOGIN smith"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command LOGIN: invalid escape in quoted string"),
                parse("a LOGIN smith \"se\\same\""));
    }

    @Test
    void authenticateWithoutInitialResponse() {
        assertEquals("Command[tag=A001, Authenticate[GSSAPI, none]]",
                Conversation.describe(parse("A001 AUTHENTICATE GSSAPI")));
        assertEquals("Command[tag=a, Authenticate[PLAIN, none]]", Conversation.describe(parse("a authenticate plain")));
    }

    @Test
    void authenticateWithSaslIr() {
        // "\0test\0test1"
        assertEquals("Command[tag=a, Authenticate[PLAIN, 0074657374007465737431]]",
                Conversation.describe(parse("a AUTHENTICATE PLAIN AHRlc3QAdGVzdDE=")));
        assertEquals("Command[tag=a, Authenticate[PLAIN, ]]", Conversation.describe(parse("a AUTHENTICATE PLAIN =")));
    }

    @Test
    void authenticateRefusesInvalidBase64() {
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command AUTHENTICATE: invalid base64"),
                parse("a AUTHENTICATE PLAIN AHRlc3QAdGVzdDE"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command AUTHENTICATE: invalid base64"),
                parse("a AUTHENTICATE PLAIN AH.lc3QA"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command AUTHENTICATE: unexpected characters at end of command"),
                parse("a AUTHENTICATE PLAIN AHRl c3QA"));
    }
}
