package org.mailstore.imapd.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailstore.imapd.parse.Conversation.command;
import static org.mailstore.imapd.parse.Conversation.parse;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ImapCommand.SearchReturn;
import org.mailstore.imapd.command.ParsedCommand;
import org.mailstore.imapd.command.SearchKey;
import org.mailstore.imapd.command.SearchKey.Comparison;
import org.mailstore.imapd.command.SequenceSet;
import org.mailstore.imapd.command.SequenceSet.Range;

/** SEARCH (RFC 3501 §6.4.4 keys, RFC 9051, RFC 4731 and RFC 5182 RETURN), reduced as SearchKey says. */
class SearchCommandTest {

    private static SearchKey criteria(String keys) {
        return ((ImapCommand.Search) command("a SEARCH " + keys)).criteria();
    }

    private static SearchKey.FlagSet flag(String flag, boolean set) {
        return new SearchKey.FlagSet(flag, set);
    }

    @Test
    void rfcExamples() {
        assertEquals(new ImapCommand.Search(false, Optional.empty(), new SearchKey.And(List.of(
                        flag("\\Flagged", true),
                        new SearchKey.DateCompare(false, Comparison.SINCE, LocalDate.of(1994, 2, 1)),
                        new SearchKey.Not(new SearchKey.Header("From", "Smith")))), Set.of(), false),
                command("A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\""));
        assertEquals(new SearchKey.Text("string not in mailbox"), criteria("TEXT \"string not in mailbox\""));
        Conversation c = Conversation.of("A284 SEARCH CHARSET UTF-8 TEXT {12}\r\n\u65e5\u672c\u8a9e\u3060\r\n");
        assertEquals(new ParsedCommand.Command("A284", new ImapCommand.Search(false, Optional.of("UTF-8"),
                new SearchKey.Text("\u65e5\u672c\u8a9e\u3060"), Set.of(), false)), c.next());
    }

    @Test
    void everyFlagKeyIsAFlagSet() {
        assertEquals(new SearchKey.And(List.of(flag("\\Answered", true), flag("\\Deleted", true), flag("\\Draft", true),
                flag("\\Flagged", true), flag("\\Seen", true), flag("\\Answered", false), flag("\\Deleted", false),
                flag("\\Draft", false), flag("\\Flagged", false), flag("\\Seen", false), flag("$Junk", true),
                flag("$Junk", false))), criteria("ANSWERED DELETED DRAFT FLAGGED SEEN UNANSWERED UNDELETED UNDRAFT "
                + "UNFLAGGED UNSEEN KEYWORD $Junk UNKEYWORD $Junk"));
    }

    @Test
    void recentNewOld() {
        assertEquals(new SearchKey.Recent(), criteria("RECENT"));
        assertEquals(new SearchKey.And(List.of(new SearchKey.Recent(), flag("\\Seen", false))), criteria("NEW"));
        assertEquals(new SearchKey.Not(new SearchKey.Recent()), criteria("old"));
    }

    @Test
    void headerKeysAndStrings() {
        assertEquals(new SearchKey.And(List.of(new SearchKey.Header("Bcc", "a"), new SearchKey.Header("Cc", "b"),
                new SearchKey.Header("From", "c"), new SearchKey.Header("Subject", "d e"), new SearchKey.Header("To", "f"),
                new SearchKey.Header("X-Mailer", ""), new SearchKey.Body("g"), new SearchKey.Text("h"))),
                criteria("BCC a CC b FROM c SUBJECT \"d e\" TO f HEADER X-Mailer \"\" BODY g TEXT h"));
    }

    @Test
    void datesSizesAndSets() {
        assertEquals(new SearchKey.And(List.of(
                new SearchKey.DateCompare(false, Comparison.BEFORE, LocalDate.of(2024, 1, 31)),
                new SearchKey.DateCompare(false, Comparison.ON, LocalDate.of(2024, 2, 29)),
                new SearchKey.DateCompare(true, Comparison.BEFORE, LocalDate.of(1999, 12, 1)),
                new SearchKey.DateCompare(true, Comparison.ON, LocalDate.of(2000, 1, 1)),
                new SearchKey.DateCompare(true, Comparison.SINCE, LocalDate.of(2000, 1, 1)),
                new SearchKey.Size(true, 1000), new SearchKey.Size(false, 5_000_000_000L),
                new SearchKey.Messages(SequenceSet.of(List.of(new Range(1, 100))), true),
                new SearchKey.Messages(SequenceSet.of(List.of(Range.single(2), new Range(4, SequenceSet.STAR))), false),
                new SearchKey.Messages(SequenceSet.savedResult(), false))),
                criteria("BEFORE 31-Jan-2024 ON \"29-feb-2024\" SENTBEFORE 1-Dec-1999 SENTON 01-Jan-2000 "
                        + "SENTSINCE 1-JAN-2000 LARGER 1000 SMALLER 5000000000 UID 1:100 2,4:* $"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: invalid date"), parse("a SEARCH ON 30-Feb-2024"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: invalid date"), parse("a SEARCH ON 1-Feb-24"));
    }

    @Test
    void notOrAndParentheses() {
        assertEquals(new SearchKey.Or(new SearchKey.Header("From", "a"),
                new SearchKey.And(List.of(flag("\\Seen", false), new SearchKey.Not(new SearchKey.All())))),
                criteria("OR FROM a (UNSEEN NOT ALL)"));
        assertEquals(new SearchKey.Header("To", "x"), criteria("((TO x))"));
    }

    @Test
    void returnOptions() {
        ImapCommand.Search search = (ImapCommand.Search) command("A282 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994");
        assertEquals(Set.of(SearchReturn.MIN, SearchReturn.COUNT), search.returns());
        assertEquals(true, search.esearch());
        search = (ImapCommand.Search) command("A283 SEARCH RETURN () FLAGGED");
        assertEquals(new ImapCommand.Search(false, Optional.empty(), flag("\\Flagged", true), Set.of(SearchReturn.ALL), true),
                search);
        assertEquals(new ImapCommand.Search(true, Optional.of("US-ASCII"), flag("\\Flagged", true),
                        Set.of(SearchReturn.SAVE, SearchReturn.MAX, SearchReturn.ALL), true),
                command("a UID SEARCH RETURN (SAVE MAX ALL) CHARSET us-ascii FLAGGED"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: unknown search return option"),
                parse("a SEARCH RETURN (PARTIAL 1:10) ALL"));
    }

    @Test
    void charsets() {
        // An unknown charset is the session's to refuse (NO [BADCHARSET], not BAD): the parser keeps its name.
        ImapCommand.Search latin1 = (ImapCommand.Search) command("a SEARCH CHARSET iso-8859-1 FROM x");
        assertEquals(new ImapCommand.Search(false, Optional.of("ISO-8859-1"), new SearchKey.Header("From", "x"), Set.of(),
                false), latin1);
        assertEquals(false, latin1.charsetSupported());
        assertEquals(true, ((ImapCommand.Search) command("a SEARCH CHARSET utf-8 ALL")).charsetSupported());
        assertEquals(true, ((ImapCommand.Search) command("a SEARCH ALL")).charsetSupported());
        // ... even when its strings are not UTF-8, which would otherwise be BAD
        byte[] rawLatin1 = "a SEARCH CHARSET ISO-8859-1 FROM \"j\u00fcrgen\"\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(new ParsedCommand.Command("a", new ImapCommand.Search(false, Optional.of("ISO-8859-1"),
                new SearchKey.Header("From", "j\u00fcrgen"), Set.of(), false)), Conversation.of(rawLatin1).next());
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: non-ASCII search string with CHARSET US-ASCII"),
                parse("a SEARCH CHARSET US-ASCII FROM \"j\u00fcrgen\""));
        assertEquals(new SearchKey.Header("From", "j\u00fcrgen"), criteria("FROM \"j\u00fcrgen\""));
    }

    @Test
    void withinIntervals() {
        // RFC 5032 §4's example
        assertEquals(new SearchKey.And(List.of(flag("\\Seen", false), new SearchKey.Age(false, 259200))),
                criteria("UNSEEN YOUNGER 259200"));
        assertEquals(new SearchKey.Age(true, 4294967295L), criteria("older 4294967295"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: zero is not allowed here"),
                parse("a SEARCH OLDER 0"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: number too large"),
                parse("a SEARCH YOUNGER 4294967296"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: expected a number"),
                parse("a SEARCH YOUNGER -5"));
    }

    @Test
    void saveDateKeys() {
        // RFC 8514 §4.3's example
        assertEquals(new SearchKey.And(List.of(new SearchKey.SavedDate(Comparison.SINCE, LocalDate.of(2017, 2, 1)),
                new SearchKey.SaveDateSupported())), criteria("SAVEDSINCE 1-Feb-2017 SAVEDATESUPPORTED"));
        assertEquals(new SearchKey.Or(new SearchKey.SavedDate(Comparison.BEFORE, LocalDate.of(2000, 1, 1)),
                new SearchKey.SavedDate(Comparison.ON, LocalDate.of(2026, 11, 25))),
                criteria("OR savedbefore 1-Jan-2000 SAVEDON \"25-Nov-2026\""));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: invalid date"), parse("a SEARCH SAVEDON 31-Feb-2000"));
    }

    @Test
    void objectIds() {
        // RFC 8474 §5.3's examples
        assertEquals(new SearchKey.EmailId("M6d99ac3275bb4e"), criteria("EMAILID M6d99ac3275bb4e"));
        assertEquals(new SearchKey.ThreadId("T64b478a75b7ea9"), criteria("threadid T64b478a75b7ea9"));
        assertEquals(new SearchKey.EmailId("a_-Z9"), criteria("EMAILID a_-Z9"));
        assertEquals(new SearchKey.EmailId("x".repeat(255)), criteria("EMAILID " + "x".repeat(255)));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: invalid object id"),
                parse("a SEARCH EMAILID " + "x".repeat(256)));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: invalid object id"),
                parse("a SEARCH EMAILID M6d.9"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: expected an atom"),
                parse("a SEARCH THREADID \"T1\""));
    }

    @Test
    void malformedSearches() {
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: unknown search key"), parse("a SEARCH FOO"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: expected an atom"), parse("a SEARCH "));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: expected a space"), parse("a SEARCH OR SEEN"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: expected ) after search keys"),
                parse("a SEARCH (SEEN"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: expected an atom"),
                parse("a SEARCH KEYWORD \\Seen"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: number too large"),
                parse("a SEARCH LARGER 9223372036854775808"));
    }
}
