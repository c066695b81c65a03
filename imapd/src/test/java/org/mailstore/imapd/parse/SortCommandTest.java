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
import org.mailstore.imapd.command.ImapCommand.SortCriterion;
import org.mailstore.imapd.command.ImapCommand.SortKey;
import org.mailstore.imapd.command.ImapCommand.ThreadAlgorithm;
import org.mailstore.imapd.command.ParsedCommand;
import org.mailstore.imapd.command.SearchKey;
import org.mailstore.imapd.command.SearchKey.Comparison;

/** SORT (RFC 5256 §4, RFC 5957) and THREAD arguments: the sort program, the mandatory charset, SEARCH's criteria. */
class SortCommandTest {

    private static ImapCommand.Search search(String charset, SearchKey criteria) {
        return new ImapCommand.Search(false, Optional.of(charset), criteria, Set.of(), false);
    }

    @Test
    void rfc5256Examples() {
        assertEquals(new ImapCommand.Sort(false, List.of(new SortCriterion(SortKey.SUBJECT, false)),
                        search("UTF-8", new SearchKey.DateCompare(false, Comparison.SINCE, LocalDate.of(1994, 2, 1)))),
                command("A282 SORT (SUBJECT) UTF-8 SINCE 1-Feb-1994"));
        assertEquals(new ImapCommand.Sort(false, List.of(new SortCriterion(SortKey.SUBJECT, false),
                        new SortCriterion(SortKey.DATE, true)), search("UTF-8", new SearchKey.All())),
                command("A283 SORT (SUBJECT REVERSE DATE) UTF-8 ALL"));
        assertEquals(new ImapCommand.Thread(false, ThreadAlgorithm.ORDEREDSUBJECT,
                        search("UTF-8", new SearchKey.DateCompare(false, Comparison.SINCE, LocalDate.of(2000, 3, 5)))),
                command("A283 THREAD ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000"));
        assertEquals(new ImapCommand.Thread(false, ThreadAlgorithm.REFERENCES, search("US-ASCII", new SearchKey.Text("gewp"))),
                command("A284 THREAD REFERENCES US-ASCII TEXT \"gewp\""));
    }

    @Test
    void displayKeysUidFormAndSavedResult() {
        ImapCommand.Sort sort = (ImapCommand.Sort) command("a uid sort (reverse displayfrom displayto) utf-8 $");
        assertEquals(true, sort.uid());
        assertEquals(List.of(new SortCriterion(SortKey.DISPLAYFROM, true), new SortCriterion(SortKey.DISPLAYTO, false)),
                sort.criteria());
        assertEquals(new SearchKey.Messages(org.mailstore.imapd.command.SequenceSet.savedResult(), false), sort.search().criteria());
        assertEquals(true, sort.search().uid());
    }

    @Test
    void anUnknownCharsetParsesAndIsRefusedBySession() {
        ImapCommand.Sort sort = (ImapCommand.Sort) command("a SORT (ARRIVAL) KOI8-R SUBJECT x");
        assertEquals(Optional.of("KOI8-R"), sort.search().charset());
        assertEquals(false, sort.search().charsetSupported());
    }

    @Test
    void malformedProgramsAreBad() {
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SORT: unknown sort key"), parse("a SORT (SENDER) UTF-8 ALL"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SORT: expected ( before sort criteria"),
                parse("a SORT SUBJECT UTF-8 ALL"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SORT: expected an atom"), parse("a SORT () UTF-8 ALL"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SORT: unknown sort key"),
                parse("a SORT (REVERSE REVERSE DATE) UTF-8 ALL"));
        assertEquals(ParsedCommand.Bad.class, parse("a SORT (DATE) ALL").getClass()); // the charset is not optional
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SORT: too many sort criteria"),
                parse("a SORT (DATE DATE DATE DATE DATE DATE DATE DATE DATE DATE) UTF-8 ALL"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command THREAD: unknown threading algorithm"),
                parse("a THREAD X-JWZ UTF-8 ALL"));
        assertEquals(ParsedCommand.Bad.class, parse("a THREAD REFERENCES UTF-8").getClass());
    }
}
