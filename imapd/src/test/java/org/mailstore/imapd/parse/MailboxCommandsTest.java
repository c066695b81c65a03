package org.mailstore.imapd.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailstore.imapd.parse.Conversation.command;
import static org.mailstore.imapd.parse.Conversation.parse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ImapCommand.StatusItem;
import org.mailstore.imapd.command.ParsedCommand;

/** RFC 9051 §6.3 (except LIST and APPEND, which have their own tests), with the RFCs' examples. */
class MailboxCommandsTest {

    @Test
    void selectAndExamine() {
        assertEquals(new ImapCommand.Select("INBOX", false), command("A142 SELECT INBOX"));
        assertEquals(new ImapCommand.Select("blurdybloop", true), command("A932 EXAMINE blurdybloop"));
        assertEquals(new ImapCommand.Select("INBOX", false), command("a select \"iNbOx\""));
        assertEquals(new ImapCommand.Select("INBOX.Sent", false), command("a SELECT INBOX.Sent"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SELECT: unexpected characters at end of command"),
                parse("a SELECT INBOX (CONDSTORE) x"));
    }

    @Test
    void createDeleteRename() {
        assertEquals(new ImapCommand.Create("owatagusiam/"), command("A003 CREATE owatagusiam/"));
        assertEquals(new ImapCommand.Create("owatagusiam/blurdybloop"), command("A004 CREATE owatagusiam/blurdybloop"));
        assertEquals(new ImapCommand.Delete("blurdybloop"), command("A682 DELETE blurdybloop"));
        assertEquals(new ImapCommand.Rename("blurdybloop", "sarasoop"), command("A683 RENAME blurdybloop sarasoop"));
        assertEquals(new ImapCommand.Rename("INBOX", "old-mail"), command("Z432 RENAME INBOX old-mail"));
        assertEquals(new ImapCommand.Create("~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
                command("a CREATE ~peter/mail/&U,BTFw-/&ZeVnLIqe-"));
    }

    @Test
    void mailboxNamesMayBeUtf8StringsButNotInvalidUtf8() {
        assertEquals(new ImapCommand.Create("Entw\u00fcrfe"), command("a CREATE \"Entw\u00fcrfe\""));
        byte[] invalid = "a CREATE \"Entw\u00fcrfe\"\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command CREATE: invalid UTF-8"),
                Conversation.of(invalid).next());
        byte[] literal = "a CREATE {2}\r\n\u00c3(\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command CREATE: invalid UTF-8"),
                Conversation.of(literal).next());
    }

    @Test
    void atomMailboxMayNotHoldWildcards() {
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command CREATE: unexpected characters at end of command"),
                parse("a CREATE foo*"));
        assertEquals(new ImapCommand.Create("foo*"), command("a CREATE \"foo*\""));
    }

    @Test
    void subscribeAndUnsubscribe() {
        assertEquals(new ImapCommand.Subscribe("#news.comp.mail.mime"), command("A002 SUBSCRIBE #news.comp.mail.mime"));
        assertEquals(new ImapCommand.Unsubscribe("#news.comp.mail.mime"),
                command("A002 UNSUBSCRIBE #news.comp.mail.mime"));
    }

    @Test
    void status() {
        assertEquals(new ImapCommand.Status("blurdybloop", List.of(StatusItem.UIDNEXT, StatusItem.MESSAGES)),
                command("A042 STATUS blurdybloop (UIDNEXT MESSAGES)"));
        assertEquals(new ImapCommand.Status("INBOX", List.of(StatusItem.MESSAGES, StatusItem.RECENT,
                        StatusItem.UIDNEXT, StatusItem.UIDVALIDITY, StatusItem.UNSEEN, StatusItem.DELETED, StatusItem.SIZE)),
                command("a status inbox (messages recent uidnext uidvalidity unseen deleted size messages)"));
        assertEquals(new ImapCommand.Status("foo", List.of(StatusItem.MAILBOXID, StatusItem.SIZE, StatusItem.APPENDLIMIT)),
                command("a STATUS foo (mailboxid SIZE AppendLimit)"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command STATUS: unknown status item"),
                parse("a STATUS INBOX (LOWESTMODSEQ)"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command STATUS: expected an atom"), parse("a STATUS INBOX ()"));
    }

    @Test
    void createSpecialUse() {
        // RFC 6154 §5.2's example
        assertEquals(new ImapCommand.Create("Important Messages", List.of("\\Important")),
                command("t1 CREATE \"Important Messages\" (USE (\\Important))"));
        assertEquals(new ImapCommand.Create("Mine", List.of("\\Drafts", "\\Sent")), command("a CREATE Mine (use (\\drafts \\SENT \\Drafts))"));
        assertEquals(new ImapCommand.Create("Plain"), command("a CREATE Plain (USE ())"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command CREATE: unknown create parameter"), parse("a CREATE x (FOO (\\Sent))"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command CREATE: USE given twice"), parse("a CREATE x (USE () USE ())"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command CREATE: expected a special-use attribute"),
                parse("a CREATE x (USE (Sent))"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command CREATE: expected ( before create parameters"),
                parse("a CREATE x USE"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command CREATE: expected ) after create parameters"),
                parse("a CREATE x (USE (\\Sent)"));
    }

    @Test
    void compress() {
        assertEquals(new ImapCommand.Compress("DEFLATE"), command("a COMPRESS deflate"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command COMPRESS: expected a space"), parse("a COMPRESS"));
    }

    @Test
    void unauthenticate() {
        assertEquals(new ImapCommand.Unauthenticate(), command("A1 UNAUTHENTICATE"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command UNAUTHENTICATE: unexpected characters at end of command"),
                parse("a UNAUTHENTICATE now"));
    }

    @Test
    void enableAndNamespace() {
        assertEquals(new ImapCommand.Enable(List.of("IMAP4REV2")), command("t1 ENABLE IMAP4rev2"));
        assertEquals(new ImapCommand.Enable(List.of("CONDSTORE", "X-GOOD-IDEA")), command("a ENABLE CONDSTORE X-GOOD-IDEA"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command ENABLE: expected a space"), parse("a ENABLE"));
        assertEquals(new ImapCommand.Namespace(), command("A001 NAMESPACE"));
        assertEquals(new ImapCommand.Idle(), command("A002 IDLE"));
    }
}
