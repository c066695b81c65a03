package org.mailstore.imapd.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ParsedCommand;

/** APPEND (RFC 9051 §6.3.12): the reader stops at the message literal and leaves it to the session. */
class AppendCommandTest {

    private static final String MESSAGE = "Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)\r\nSubject: afternoon meeting\r\n"
            + "\r\nHello Joe, do you think we can meet at 3:30 tomorrow?\r\n";

    @Test
    void rfcExampleStopsBeforeTheMessageAndSendsNoContinuation() {
        Conversation c = Conversation.of("A003 APPEND saved-messages (\\Seen) {" + MESSAGE.length() + "}\r\n"
                + MESSAGE + "\r\nA004 NOOP\r\n");
        ImapCommand.Append expected = new ImapCommand.Append("saved-messages", List.of("\\Seen"), Optional.empty(),
                MESSAGE.length(), true);
        assertEquals(new ParsedCommand.Command("A003", expected), c.next());
        assertEquals(List.of(), c.continuations);
        assertEquals("message: " + MESSAGE, c.appendData(expected));
        assertEquals(new ParsedCommand.Command("A004", new ImapCommand.Noop()), c.next());
    }

    @Test
    void flagsDateAndNonSynchronizingLiteral() {
        Conversation c = Conversation.of("a append INBOX (\\seen $Forwarded \\Draft) \" 7-Feb-1994 21:52:25 -0800\" {5+}\r\n"
                + "hello\r\nb NOOP\r\n");
        OffsetDateTime date = OffsetDateTime.of(1994, 2, 7, 21, 52, 25, 0, ZoneOffset.ofHours(-8));
        assertEquals(List.of(
                "Command[tag=a, command=Append[mailbox=INBOX, flags=[\\Seen, $Forwarded, \\Draft], internalDate="
                        + Optional.of(date) + ", size=5, synchronizing=false]]",
                "message: hello",
                "Command[tag=b, command=Noop[]]"), c.drain());
        assertEquals(List.of(), c.continuations);
    }

    @Test
    void mailboxAsLiteralIsReadAndTheNextLiteralIsTheMessage() {
        Conversation c = Conversation.of("a APPEND {5}\r\nDraft \"01-Jan-2024 00:00:00 +0000\" {2}\r\nhi\r\n");
        assertEquals(List.of(
                "Command[tag=a, command=Append[mailbox=Draft, flags=[], internalDate="
                        + Optional.of(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))
                        + ", size=2, synchronizing=true]]",
                "message: hi"), c.drain());
        assertEquals(List.of(CommandReader.CONTINUATION_TEXT, "(session) go ahead"), c.continuations);
    }

    @Test
    void emptyFlagListAndLargeSynchronizingMessageAreTheSessionsToJudge() {
        Conversation c = Conversation.of("a APPEND INBOX () {1073741824}\r\nb NOOP\r\n");
        assertEquals(new ParsedCommand.Command("a", new ImapCommand.Append("INBOX", List.of(), Optional.empty(),
                1L << 30, true)), c.next());
        // the session refuses instead of sending the continuation; the client abandons and goes on
        assertEquals(new ParsedCommand.Command("b", new ImapCommand.Noop()), c.next());
    }

    @Test
    void multiappendMessagesFollowOnTheSameLineEachWithItsOwnOptions() {
        Conversation c = Conversation.of("a APPEND INBOX {2+}\r\nhi ($Work) \" 7-Feb-1994 21:52:25 -0800\" {3}\r\nabc {1+}\r\nz\r\nb NOOP\r\n");
        OffsetDateTime date = OffsetDateTime.of(1994, 2, 7, 21, 52, 25, 0, ZoneOffset.ofHours(-8));
        assertEquals(List.of(
                "Command[tag=a, command=Append[mailbox=INBOX, flags=[], internalDate=Optional.empty, size=2, synchronizing=false]]",
                "message: hi then Append[mailbox=INBOX, flags=[$Work], internalDate=" + Optional.of(date)
                        + ", size=3, synchronizing=true], message: abc then Append[mailbox=INBOX, flags=[], "
                        + "internalDate=Optional.empty, size=1, synchronizing=false], message: z",
                "Command[tag=b, command=Noop[]]"), c.drain());
        assertEquals(List.of("(session) go ahead"), c.continuations);
    }

    @Test
    void trailingDataAfterTheMessageIsBad() {
        Conversation c = Conversation.of("a APPEND INBOX {2+}\r\nhi junk\r\nb NOOP\r\n");
        assertEquals(List.of(
                "Command[tag=a, command=Append[mailbox=INBOX, flags=[], internalDate=Optional.empty, size=2, synchronizing=false]]",
                "message: hi then Bad[tag=a, message=unexpected characters after APPEND data]",
                "Command[tag=b, command=Noop[]]"), c.drain());
    }

    @Test
    void aBadSecondMessageIsRefusedLikeAFirstOne() {
        Conversation c = Conversation.of("a APPEND INBOX {2+}\r\nhi (\\Recent) {3}\r\nb APPEND INBOX {2+}\r\nhi \"31-Feb-2024 00:00:00 +0000\" {3+}\r\nabc\r\n"
                + "c APPEND INBOX {2+}\r\nhi x{3+}\r\nabc\r\nd NOOP\r\n");
        assertEquals(List.of(
                "Command[tag=a, command=Append[mailbox=INBOX, flags=[], internalDate=Optional.empty, size=2, synchronizing=false]]",
                "message: hi then Bad[tag=a, message=Error in IMAP command APPEND: \\Recent cannot be set]",
                "Command[tag=b, command=Append[mailbox=INBOX, flags=[], internalDate=Optional.empty, size=2, synchronizing=false]]",
                "message: hi then Bad[tag=b, message=Error in IMAP command APPEND: invalid date]",
                "Command[tag=c, command=Append[mailbox=INBOX, flags=[], internalDate=Optional.empty, size=2, synchronizing=false]]",
                "message: hi then Bad[tag=c, message=Error in IMAP command APPEND: unexpected characters at end of command]",
                "Command[tag=d, command=Noop[]]"), c.drain());
        assertEquals(List.of(), c.continuations);
    }

    @Test
    void malformedPrefixIsRefusedBeforeTheContinuation() {
        Conversation c = Conversation.of("a APPEND INBOX (\\Recent) {10}\r\nb NOOP\r\n");
        assertEquals(List.of("Bad[tag=a, message=Error in IMAP command APPEND: \\Recent cannot be set]",
                "Command[tag=b, command=Noop[]]"), c.drain());
        assertEquals(List.of(), c.continuations);
    }

    @Test
    void malformedPrefixWithNonSynchronizingMessageDiscardsIt() {
        Conversation c = Conversation.of("a APPEND INBOX \"31-Feb-2024 00:00:00 +0000\" {5+}\r\nhello\r\nb NOOP\r\n");
        assertEquals(List.of("Bad[tag=a, message=Error in IMAP command APPEND: invalid date]",
                "Command[tag=b, command=Noop[]]"), c.drain());
    }

    @Test
    void nonSynchronizingMessageOfAnySizeIsLeftToTheSession() {
        int size = 1024 * 1024;
        Conversation c = Conversation.of("a APPEND INBOX {" + size + "+}\r\n" + "x".repeat(size) + "\r\nb NOOP\r\n");
        ImapCommand.Append expected = new ImapCommand.Append("INBOX", List.of(), Optional.empty(), size, false);
        assertEquals(new ParsedCommand.Command("a", expected), c.next());
        assertEquals("message: " + "x".repeat(size), c.appendData(expected));
        assertEquals(new ParsedCommand.Command("b", new ImapCommand.Noop()), c.next());
        assertEquals(List.of(), c.continuations);
    }

    @Test
    void malformedPrefixWithLargeNonSynchronizingMessageClosesTheStream() {
        Conversation c = Conversation.of("a APPEND INBOX (\\Recent) {4097+}\r\n" + "x".repeat(4097) + "\r\nb NOOP\r\n");
        assertEquals(List.of("Bad[tag=a, message=" + CommandReader.TOO_BIG_CLOSING + "]"), c.drain());
    }

    @Test
    void appendWithoutLiteralIsBadAndALiteral8MessageIsTaken() {
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command APPEND: expected a message literal"),
                Conversation.parse("a APPEND INBOX"));
        Conversation c = Conversation.of("a APPEND INBOX ~{3}\r\na\0b\r\nb NOOP\r\n");
        assertEquals(List.of("Command[tag=a, command=Append[mailbox=INBOX, flags=[], internalDate=Optional.empty, size=3, synchronizing=true]]",
                "message: a\0b", "Command[tag=b, command=Noop[]]"), c.drain());
    }

    @Test
    void dateTimeGrammar() {
        assertEquals(Optional.of(OffsetDateTime.of(1996, 7, 17, 2, 44, 25, 0, ZoneOffset.ofHours(-7))),
                append("a APPEND x \"17-jul-1996 02:44:25 -0700\" {1}").internalDate());
        assertEquals(Optional.of(OffsetDateTime.of(2016, 12, 31, 23, 59, 59, 0, ZoneOffset.ofHoursMinutes(5, 30))),
                append("a APPEND x \"31-Dec-2016 23:59:60 +0530\" {1}").internalDate());
        for (String bad : List.of("\"7-Feb-1994 21:52:25 -0800\"", "\"07-Feb-94 21:52:25 -0800\"",
                "\"07-Feb-1994 24:00:00 -0800\"", "\"07-Foo-1994 21:52:25 -0800\"", "\"07-Feb-1994 21:52:25 +9900\"",
                "\"07-Feb-1994 21:52:25 0800\"")) {
            Conversation c = Conversation.of("a APPEND x " + bad + " {1}\r\n");
            ParsedCommand parsed = c.next();
            assertEquals(true, parsed instanceof ParsedCommand.Bad, bad + " gave " + parsed);
        }
    }

    private static ImapCommand.Append append(String line) {
        return (ImapCommand.Append) ((ParsedCommand.Command) Conversation.of(line + "\r\nx\r\n").next()).command();
    }
}
