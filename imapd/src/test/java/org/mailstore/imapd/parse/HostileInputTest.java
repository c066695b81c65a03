package org.mailstore.imapd.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ParsedCommand;

/** The inputs issue 5 names: deep nesting, huge announcements, unterminated literals, NUL, bad UTF-8, injection. */
class HostileInputTest {

    @Test
    void tenThousandDeepParenthesesAreBadNotAStackOverflow() {
        String deep = "a SEARCH " + "(".repeat(10_000) + "ALL" + ")".repeat(10_000);
        assertEquals(List.of("Bad[tag=a, message=Error in IMAP command SEARCH: search criteria nested too deeply]",
                "Command[tag=b, command=Noop[]]"), Conversation.of(deep + "\r\nb NOOP\r\n").drain());
        String nots = "a SEARCH " + "NOT ".repeat(10_000) + "ALL";
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: search criteria nested too deeply"),
                Conversation.parse(nots));
        String ors = "a SEARCH " + "OR ALL ".repeat(9_000) + "ALL";
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: search criteria nested too deeply"),
                Conversation.parse(ors));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: unknown fetch item"),
                Conversation.parse("a FETCH 1 " + "(".repeat(10_000)));
    }

    @Test
    void depthLimitIsExact() {
        ParserLimits limits = ParserLimits.defaults();
        String atLimit = "(".repeat(limits.maxDepth() - 1) + "ALL" + ")".repeat(limits.maxDepth() - 1);
        assertEquals(new ImapCommand.Search(false, java.util.Optional.empty(), new org.mailstore.imapd.command.SearchKey.All(),
                java.util.Set.of(), false), Conversation.command("a SEARCH " + atLimit));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: search criteria nested too deeply"),
                Conversation.parse("a SEARCH (" + atLimit + ")"));
    }

    @Test
    void itemLimitIsExact() {
        ParserLimits limits = new ParserLimits(64 * 1024, 1024, 64 * 1024, 8, 100);
        String atLimit = "a FETCH " + "1,".repeat(99) + "1 FLAGS\r\n";
        String over = "a FETCH " + "1,".repeat(100) + "1 FLAGS\r\n";
        Conversation c = new Conversation(new ByteArrayInputStream((atLimit + over).getBytes(StandardCharsets.US_ASCII)), limits);
        assertEquals(100, ((ImapCommand.Fetch) ((ParsedCommand.Command) c.next()).command()).messages().ranges().size());
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: too many items in a list"), c.next());
    }

    @Test
    void gigabyteAnnouncementsAreRefusedWithoutReadingOrAllocating() {
        Conversation c = Conversation.of("a LOGIN {1073741824}\r\nb CREATE {99999999999999999999999}\r\nc NOOP\r\n");
        assertEquals(List.of("Bad[tag=a, message=" + CommandReader.TOO_BIG + "]",
                "Bad[tag=b, message=" + CommandReader.TOO_BIG + "]", "Command[tag=c, command=Noop[]]"), c.drain());
        assertEquals(List.of(), c.continuations);
        Conversation nonSync = Conversation.of("a LOGIN {1073741824+}\r\nxxxx");
        assertEquals(List.of("Bad[tag=a, message=" + CommandReader.TOO_BIG_CLOSING + "]"), nonSync.drain());
    }

    @Test
    void unterminatedLiteralIsEndOfStream() {
        assertNull(Conversation.of("a LOGIN {10}\r\nabc").next());
        assertNull(Conversation.of("a LOGIN {3+}\r\nabc").next());
        assertNull(Conversation.of("a LOGIN {3+}\r\nabc {3}").next());
        Conversation c = Conversation.of("a APPEND INBOX {10}\r\nabc");
        c.next();
        assertEquals(List.of("message: end of stream"), List.of(c.appendData(new ImapCommand.Append("INBOX", List.of(),
                java.util.Optional.empty(), 10, true))));
    }

    @Test
    void nulBytesAreBad() {
        byte[] inLine = "a LOGIN us\0er pass\r\nb NOOP\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of("Bad[tag=a, message=Error in IMAP command LOGIN: expected a space]",
                "Command[tag=b, command=Noop[]]"), Conversation.of(inLine).drain());
        byte[] quoted = "a LOGIN \"us\0er\" pass\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command LOGIN: control character in quoted string"),
                Conversation.of(quoted).next());
        byte[] literal = "a LOGIN {5}\r\nus\0er pass\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command LOGIN: NUL in literal"), Conversation.of(literal).next());
        assertEquals(new ParsedCommand.Bad(null, "missing or invalid tag"), Conversation.of(new byte[] {0, '\r', '\n'}).next());
    }

    @Test
    void crInsideALineIsNotALineEnd() {
        assertEquals(List.of("Bad[tag=a, message=Error in IMAP command LOGIN: unexpected characters at end of command]",
                "Command[tag=b, command=Noop[]]"), Conversation.of("a LOGIN u p\rc NOOP\r\nb NOOP\r\n").drain());
    }

    @Test
    void overlongLineIsBadAndTheNextCommandParses() {
        Conversation c = Conversation.of("a LOGIN " + "x".repeat(ParserLimits.DEFAULT_MAX_LINE_BYTES) + "\r\nb NOOP\r\n");
        assertEquals(List.of("Bad[tag=null, message=line too long]", "Command[tag=b, command=Noop[]]"), c.drain());
        Conversation afterLiteral = Conversation.of("a LOGIN {1}\r\nx " + "y".repeat(ParserLimits.DEFAULT_MAX_LINE_BYTES)
                + "\r\nb NOOP\r\n");
        assertEquals(List.of("Bad[tag=a, message=line too long]", "Command[tag=b, command=Noop[]]"), afterLiteral.drain());
    }

    @Test
    void overlongTagIsUntagged() {
        String tag = "t".repeat(CommandCursor.MAX_TAG_CHARS + 1);
        assertEquals(new ParsedCommand.Bad(null, "tag too long"), Conversation.parse(tag + " NOOP"));
        assertEquals(new ParsedCommand.Command("t".repeat(CommandCursor.MAX_TAG_CHARS), new ImapCommand.Noop()),
                Conversation.parse("t".repeat(CommandCursor.MAX_TAG_CHARS) + " NOOP"));
    }

    @Test
    void badMessagesNeverEchoCrLfOrNonAscii() {
        for (String attack : List.of("a XYZ\u0000\r\n", "a SELECT \"x\r\n", "a\u00e9 NOOP\r\n", "\u00e9 NOOP\r\n",
                "a CREATE {3}\r\n\r\n\r\r\n", "* NOOP\r\n", "a SEARCH \u0085\r\n")) {
            for (String result : Conversation.of(attack).drain()) {
                if (!result.startsWith("Bad")) continue; // a mailbox name from a literal may hold anything; the store judges it
                assertEquals(true, result.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f), attack + " -> " + result);
            }
        }
    }

    @Test
    void slowLorisOfLiteralsIsBoundedByTheCommandLimit() {
        StringBuilder client = new StringBuilder("a ID (");
        for (int i = 0; i < 100; i++) client.append("{4000+}\r\n").append("f".repeat(4000)).append(" NIL ");
        client.append(")\r\nb NOOP\r\n");
        ParserLimits limits = new ParserLimits(64 * 1024, 64 * 1024, 100_000, 8, 100);
        Conversation c = new Conversation(new ByteArrayInputStream(client.toString().getBytes(StandardCharsets.US_ASCII)), limits);
        assertEquals(new ParsedCommand.Bad("a", CommandReader.TOO_BIG_CLOSING), c.next());
        assertNull(c.next());
    }

    @Test
    void endlessInputWithoutLineEndsIsReadWithBoundedMemory() {
        InputStream endless = new InputStream() {
            private long left = 50L * 1024 * 1024;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) return -1;
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
        Conversation c = new Conversation(endless, ParserLimits.defaults());
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertEquals(new ParsedCommand.Bad(null, "line too long"), c.next());
            assertNull(c.next());
        });
    }
}
