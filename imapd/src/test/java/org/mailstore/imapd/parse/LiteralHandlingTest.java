package org.mailstore.imapd.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ParsedCommand;

/** Synchronizing and non-synchronizing literals (RFC 9051 §4.3, RFC 7888 LITERAL+) and the byte limits. */
class LiteralHandlingTest {
    private static final ParserLimits SMALL = new ParserLimits(1024, 100, 2048, 8, 50);

    private static Conversation small(String client) {
        return new Conversation(new ByteArrayInputStream(client.getBytes(StandardCharsets.UTF_8)), SMALL);
    }

    @Test
    void synchronizingLiteralGetsOneContinuationEach() {
        Conversation c = Conversation.of("a CREATE {3}\r\nfoo\r\nb RENAME {3}\r\nfoo {3}\r\nbar\r\n");
        assertEquals(List.of("Command[tag=a, command=Create[mailbox=foo, specialUse=[]]]",
                "Command[tag=b, command=Rename[from=foo, to=bar]]"), c.drain());
        assertEquals(3, c.continuations.size());
    }

    @Test
    void nonSynchronizingLiteralGetsNoContinuation() {
        Conversation c = Conversation.of("a LOGIN {4+}\r\nuser {8+}\r\npass wd\"\r\n");
        assertEquals(new ParsedCommand.Command("a", new ImapCommand.Login("user", "pass wd\"")), c.next());
        assertEquals(List.of(), c.continuations);
    }

    @Test
    void literalMayHoldCrLfAndBraces() {
        Conversation c = Conversation.of("a CREATE {8}\r\nx\r\n{1}\r\n\r\nb NOOP\r\n");
        assertEquals(List.of("Command[tag=a, command=Create[mailbox=x\r\n{1}\r\n, specialUse=[]]]", "Command[tag=b, command=Noop[]]"),
                c.drain());
    }

    @Test
    void emptyLiteral() {
        Conversation c = Conversation.of("a LIST {0}\r\n {1}\r\n*\r\n");
        assertEquals(List.of("Command[tag=a, command=ListMailboxes[reference=, patterns=[*], selection=[], returns=[], "
                + "statusItems=[], lsub=false]]"), c.drain());
    }

    @Test
    void synchronizingLiteralOverTheLimitIsRefusedInsteadOfContinued() {
        Conversation c = small("a CREATE {101}\r\nb CREATE {100}\r\n" + "x".repeat(100) + "\r\n");
        assertEquals(new ParsedCommand.Bad("a", CommandReader.TOO_BIG), c.next());
        assertEquals(List.of(), c.continuations);
        assertEquals(new ParsedCommand.Command("b", new ImapCommand.Create("x".repeat(100))), c.next());
        assertEquals(1, c.continuations.size());
    }

    @Test
    void commandOverTheLimitIsRefusedBeforeTheLiteralThatWouldCrossIt() {
        StringBuilder client = new StringBuilder("a ID (");
        for (int i = 0; i < 25; i++) client.append("{100}\r\n").append("f".repeat(100)).append(" NIL ");
        client.append("\"x\" NIL)\r\nb NOOP\r\n");
        ParserLimits limits = new ParserLimits(1024, 100, 2048, 8, 50);
        Conversation c = new Conversation(new ByteArrayInputStream(client.toString().getBytes(StandardCharsets.UTF_8)), limits);
        ParsedCommand first = c.next();
        assertEquals(new ParsedCommand.Bad("a", CommandReader.TOO_BIG), first);
        // 11 + 18 x 10 line bytes and 18 x 100 literal bytes are 1991: the 19th literal would cross 2048
        assertEquals(18, c.continuations.size());
    }

    @Test
    void refusedNonSynchronizingLiteralWithinLiteralMinusIsDiscarded() {
        Conversation c = small("a CREATE {200+}\r\n" + "x".repeat(200) + "\r\nb NOOP\r\n");
        assertEquals(List.of("Bad[tag=a, message=" + CommandReader.TOO_BIG + "]", "Command[tag=b, command=Noop[]]"),
                c.drain());
    }

    @Test
    void discardingFollowsFurtherNonSynchronizingLiteralsOfTheSameCommand() {
        Conversation c = small("a RENAME {200+}\r\n" + "x".repeat(200) + " {5+}\r\nhello\r\nb NOOP\r\n");
        assertEquals(List.of("Bad[tag=a, message=" + CommandReader.TOO_BIG + "]", "Command[tag=b, command=Noop[]]"),
                c.drain());
    }

    @Test
    void nonSynchronizingLiteralUpToTheLiteralLimitIsTaken() {
        int size = ParserLimits.DEFAULT_MAX_LITERAL_BYTES;
        Conversation c = Conversation.of("a CREATE {" + size + "+}\r\n" + "x".repeat(size) + "\r\nb NOOP\r\n");
        assertEquals(new ParsedCommand.Command("a", new ImapCommand.Create("x".repeat(size))), c.next());
        assertEquals(new ParsedCommand.Command("b", new ImapCommand.Noop()), c.next());
        assertEquals(List.of(), c.continuations);
    }

    @Test
    void nonSynchronizingLiteralOverTheLiteralLimitClosesAfterBad() {
        int size = ParserLimits.DEFAULT_MAX_LITERAL_BYTES + 1;
        Conversation c = Conversation.of("a CREATE {" + size + "+}\r\n" + "x".repeat(size) + "\r\nb NOOP\r\n");
        assertEquals(new ParsedCommand.Bad("a", CommandReader.TOO_BIG_CLOSING), c.next());
        assertNull(c.next());
        assertNull(c.next());
    }

    @Test
    void refusedNonSynchronizingLiteralOverLiteralMinusClosesAfterBad() {
        Conversation c = Conversation.of("a CREATE ~{4097+}\r\n" + "x".repeat(4097) + "\r\nb NOOP\r\n");
        assertEquals(new ParsedCommand.Bad("a", CommandReader.TOO_BIG_CLOSING), c.next());
        assertNull(c.next());
    }

    @Test
    void literal8IsRefused() {
        Conversation c = Conversation.of("a CREATE ~{3}\r\nb CREATE ~{3+}\r\nfoo\r\nc NOOP\r\n");
        assertEquals(List.of("Bad[tag=a, message=literal8 is not supported]", "Bad[tag=b, message=literal8 is not supported]",
                "Command[tag=c, command=Noop[]]"), c.drain());
        assertEquals(List.of(), c.continuations);
    }

    @Test
    void literalsAreOnlyAllowedWhereStringsAre() {
        assertEquals(List.of("Bad[tag=a, message=Error in IMAP command FETCH: unknown fetch item]"),
                Conversation.of("a FETCH 1 {5}\r\nFLAGS\r\n").drain());
        assertEquals(List.of("Bad[tag=a, message=Error in IMAP command CREATE: unexpected characters at end of command]"),
                Conversation.of("a CREATE foo{3}\r\nbar\r\n").drain());
    }

    @Test
    void literalHeldInTheMiddleOfALineIsNotALiteral() {
        assertEquals(List.of("Bad[tag=a, message=Error in IMAP command LOGIN: expected a string]"),
                Conversation.of("a LOGIN {3} x\r\n").drain());
    }
}
