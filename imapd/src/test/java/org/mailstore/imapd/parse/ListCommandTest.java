package org.mailstore.imapd.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailstore.imapd.parse.Conversation.command;
import static org.mailstore.imapd.parse.Conversation.parse;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ImapCommand.ListMailboxes;
import org.mailstore.imapd.command.ImapCommand.ListReturn;
import org.mailstore.imapd.command.ImapCommand.ListSelection;
import org.mailstore.imapd.command.ImapCommand.StatusItem;
import org.mailstore.imapd.command.ParsedCommand;

/** LIST and LSUB: RFC 3501 §6.3.8-9, RFC 5258, RFC 6154, RFC 5819 examples. */
class ListCommandTest {

    private static ListMailboxes plain(String reference, String... patterns) {
        return new ListMailboxes(reference, List.of(patterns), Set.of(), Set.of(), List.of(), false);
    }

    @Test
    void rfc3501Examples() {
        assertEquals(plain("", ""), command("A101 LIST \"\" \"\""));
        assertEquals(plain("#news.comp.mail.misc", ""), command("A102 LIST #news.comp.mail.misc \"\""));
        assertEquals(plain("/usr/staff/jones", ""), command("A103 LIST /usr/staff/jones \"\""));
        assertEquals(plain("~/Mail/", "%"), command("A202 LIST ~/Mail/ %"));
        assertEquals(plain("", "*"), command("a LIST \"\" *"));
        assertEquals(plain("", "INBOX.%]*"), command("a LIST \"\" INBOX.%]*"));
    }

    @Test
    void lsub() {
        assertEquals(new ListMailboxes("#news.", List.of("comp.mail.*"), Set.of(), Set.of(), List.of(), true),
                command("A002 LSUB \"#news.\" \"comp.mail.*\""));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command LSUB: expected a string"),
                parse("a LSUB (SUBSCRIBED) \"\" *"));
    }

    @Test
    void listExtendedSelectionAndReturnOptions() {
        assertEquals(plain("", "%"), command("A01 LIST () \"\" %"));
        assertEquals(new ListMailboxes("", List.of("*"), Set.of(ListSelection.SUBSCRIBED), Set.of(), List.of(), false),
                command("A02 LIST (SUBSCRIBED) \"\" \"*\""));
        assertEquals(new ListMailboxes("", List.of("%"), Set.of(), Set.of(ListReturn.CHILDREN), List.of(), false),
                command("A03 LIST () \"\" \"%\" RETURN (CHILDREN)"));
        assertEquals(new ListMailboxes("", List.of("%"), Set.of(ListSelection.REMOTE), Set.of(ListReturn.CHILDREN),
                List.of(), false), command("A04 LIST (REMOTE) \"\" \"%\" RETURN (CHILDREN)"));
        assertEquals(new ListMailboxes("", List.of("%"), Set.of(ListSelection.SUBSCRIBED, ListSelection.RECURSIVEMATCH),
                Set.of(ListReturn.CHILDREN), List.of(), false),
                command("A05 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"%\" RETURN (CHILDREN)"));
        assertEquals(plain("", "INBOX", "Drafts", "Sent/%"), command("A06 LIST \"\" (\"INBOX\" \"Drafts\" \"Sent/%\")"));
        assertEquals(plain("", "%"), command("A07 LIST \"\" % RETURN ()"));
    }

    @Test
    void specialUseAndStatus() {
        assertEquals(new ListMailboxes("", List.of("*"), Set.of(ListSelection.SPECIAL_USE), Set.of(), List.of(), false),
                command("t1 LIST (SPECIAL-USE) \"\" \"*\""));
        assertEquals(new ListMailboxes("", List.of("%"), Set.of(), Set.of(ListReturn.SPECIAL_USE), List.of(), false),
                command("t3 LIST \"\" \"%\" RETURN (SPECIAL-USE)"));
        assertEquals(new ListMailboxes("", List.of("%"), Set.of(), Set.of(ListReturn.STATUS),
                List.of(StatusItem.MESSAGES, StatusItem.UNSEEN), false),
                command("A01 LIST \"\" % RETURN (STATUS (MESSAGES UNSEEN))"));
        assertEquals(new ListMailboxes("", List.of("%"), Set.of(), Set.of(ListReturn.STATUS, ListReturn.CHILDREN,
                ListReturn.SUBSCRIBED), List.of(StatusItem.UIDNEXT), false),
                command("a list \"\" % return (status (uidnext) children subscribed)"));
    }

    @Test
    void unknownOrIllegalOptionsAreBad() {
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command LIST: unknown list selection option"),
                parse("a LIST (FOO) \"\" %"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command LIST: RECURSIVEMATCH needs another selection option"),
                parse("a LIST (RECURSIVEMATCH) \"\" %"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command LIST: unknown list return option"),
                parse("a LIST \"\" % RETURN (MYRIGHTS)"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command LIST: expected an atom"),
                parse("a LIST \"\" % (CHILDREN)"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command LIST: expected RETURN"),
                parse("a LIST \"\" % CHILDREN"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command LIST: expected a mailbox pattern"),
                parse("a LIST \"\" ()"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command LIST: STATUS given twice"),
                parse("a LIST \"\" % RETURN (STATUS (MESSAGES) STATUS (UNSEEN))"));
    }
}
