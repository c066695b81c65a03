package org.mailstore.imapd.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailstore.imapd.parse.Conversation.command;
import static org.mailstore.imapd.parse.Conversation.parse;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.FetchAttribute.Simple;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ImapCommand.StatusItem;
import org.mailstore.imapd.command.ImapCommand.StoreMode;
import org.mailstore.imapd.command.ParsedCommand;
import org.mailstore.imapd.command.SearchKey;
import org.mailstore.imapd.command.SequenceSet;
import org.mailstore.imapd.command.SequenceSet.Range;

/** RFC 7162 CONDSTORE syntax: the SELECT parameter, FETCH and STORE modifiers, MODSEQ items and search key. */
class CondstoreCommandTest {
    private static final SequenceSet ALL = SequenceSet.of(List.of(new Range(1, SequenceSet.STAR)));

    @Test
    void selectAndExamineTakeCondstore() {
        assertEquals(new ImapCommand.Select("INBOX", false, true), command("a SELECT inbox (condstore)"));
        assertEquals(new ImapCommand.Select("Box", true, true), command("a EXAMINE Box (CONDSTORE)"));
        assertEquals(new ImapCommand.Select("Box", true, false), command("a EXAMINE Box"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SELECT: unknown SELECT parameter"),
                parse("a SELECT INBOX (CONDSTORE CONDSTORE)"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SELECT: expected ) after SELECT parameters"),
                parse("a SELECT INBOX (CONDSTORE"));
    }

    @Test
    void fetchModseqAndChangedSince() {
        assertEquals(new ImapCommand.Fetch(true, ALL, List.of(Simple.FLAGS), OptionalLong.of(12345)),
                command("s100 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)"));
        assertEquals(new ImapCommand.Fetch(false, ALL, List.of(Simple.MODSEQ)), command("a FETCH 1:* MODSEQ"));
        assertEquals(new ImapCommand.Fetch(false, ALL, List.of(Simple.UID), OptionalLong.of(Long.MAX_VALUE)),
                command("a FETCH 1:* UID (changedsince 9223372036854775807)"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: CHANGEDSINCE must be positive"),
                parse("a FETCH 1 (FLAGS) (CHANGEDSINCE 0)"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: unknown FETCH modifier"),
                parse("a FETCH 1 (FLAGS) (EARLIER)"));
        assertEquals(ParsedCommand.Bad.class, parse("a FETCH 1 (FLAGS) (CHANGEDSINCE 9223372036854775808)").getClass());
    }

    @Test
    void qresyncSelectParameterRfcExamples() {
        assertEquals(new ImapCommand.Select("INBOX", false, false, Optional.of(new ImapCommand.Qresync(67890007L, 20050715194045000L,
                        Optional.of(SequenceSet.of(List.of(new Range(41, 211), new Range(214, 541))))))),
                command("A02 SELECT INBOX (QRESYNC (67890007 20050715194045000 41:211,214:541))"));
        assertEquals(new ImapCommand.Select("INBOX", true, true, Optional.of(new ImapCommand.Qresync(67890007L, 90060115194045000L,
                        Optional.of(SequenceSet.of(List.of(new Range(41, 211), new Range(214, 541))))))),
                command("B04 EXAMINE INBOX (CONDSTORE QRESYNC (67890007 90060115194045000 41:211,214:541 (1:20 500:600)))"));
        assertEquals(new ImapCommand.Select("INBOX", false, false, Optional.of(new ImapCommand.Qresync(1, 2, Optional.empty()))),
                command("a SELECT INBOX (QRESYNC (1 2))"));
        assertEquals(new ImapCommand.Select("INBOX", false, false, Optional.of(new ImapCommand.Qresync(1, 2, Optional.empty()))),
                command("a SELECT INBOX (QRESYNC (1 2 (1:3 5:7)))"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SELECT: QRESYNC mod-sequence must be positive"),
                parse("a SELECT INBOX (QRESYNC (1 0))"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SELECT: zero is not allowed here"),
                parse("a SELECT INBOX (QRESYNC (0 5))"));
    }

    @Test
    void fetchVanishedRfcExampleNeedsUidAndChangedSince() {
        assertEquals(new ImapCommand.Fetch(true, SequenceSet.of(List.of(new Range(300, 500))), List.of(Simple.FLAGS),
                        OptionalLong.of(12345), true),
                command("A04 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: VANISHED needs UID FETCH and CHANGEDSINCE"),
                parse("a FETCH 1 (FLAGS) (CHANGEDSINCE 5 VANISHED)"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command UID: VANISHED needs UID FETCH and CHANGEDSINCE"),
                parse("a UID FETCH 1 (FLAGS) (VANISHED)"));
    }

    @Test
    void storeUnchangedSince() {
        assertEquals(new ImapCommand.Store(true, SequenceSet.of(List.of(new Range(6, 6), new Range(4, 4), new Range(8, 8))),
                        StoreMode.ADD, true, List.of("\\Deleted"), OptionalLong.of(12121230045L)),
                command("a103 UID STORE 6,4,8 (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\\Deleted)"));
        assertEquals(new ImapCommand.Store(false, ALL, StoreMode.REPLACE, false, List.of(), OptionalLong.of(0)),
                command("a STORE 1:* (UNCHANGEDSINCE 0) FLAGS ()"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command STORE: unknown STORE modifier"),
                parse("a STORE 1 (UNCHANGED 3) +FLAGS (\\Seen)"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command STORE: expected ) after STORE modifiers"),
                parse("a STORE 1 (UNCHANGEDSINCE 3 +FLAGS (\\Seen)"));
    }

    @Test
    void searchModseqWithAndWithoutEntry() {
        assertEquals(new SearchKey.ModSeq(620162338), searchKey("a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338"));
        assertEquals(new SearchKey.ModSeq(0), searchKey("a SEARCH modseq 0"));
        assertEquals(new SearchKey.And(List.of(new SearchKey.ModSeq(5), new SearchKey.FlagSet("\\Seen", true))),
                searchKey("a SEARCH MODSEQ \"/flags/$Junk\" PRIV 5 SEEN"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: MODSEQ entry must name a flag"),
                parse("a SEARCH MODSEQ \"/private/x\" all 5"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SEARCH: MODSEQ entry type must be priv, shared or all"),
                parse("a SEARCH MODSEQ \"/flags/\\\\seen\" mine 5"));
    }

    @Test
    void statusHighestModseq() {
        assertEquals(new ImapCommand.Status("blurdybloop", List.of(StatusItem.UIDNEXT, StatusItem.HIGHESTMODSEQ)),
                command("a STATUS blurdybloop (UIDNEXT HIGHESTMODSEQ)"));
    }

    private static SearchKey searchKey(String line) {
        ImapCommand.Search s = (ImapCommand.Search) command(line);
        assertEquals(Set.of(), s.returns());
        return s.criteria();
    }
}
