package org.mailstore.imapd.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailstore.imapd.parse.Conversation.command;
import static org.mailstore.imapd.parse.Conversation.parse;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ParsedCommand;

/** RFC 9208 §4.1 GETQUOTA, GETQUOTAROOT and SETQUOTA, with the RFC's examples. */
class QuotaCommandTest {

    @Test
    void getQuotaTakesARootName() {
        assertEquals(new ImapCommand.GetQuota("!partition/sda4"), command("G0001 GETQUOTA \"!partition/sda4\""));
        assertEquals(new ImapCommand.GetQuota(""), command("a GETQUOTA \"\""));
        assertEquals(new ImapCommand.GetQuota("#user/alice"), command("S0000 GETQUOTA #user/alice"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command GETQUOTA: expected a space"), parse("a GETQUOTA"));
    }

    @Test
    void getQuotaRootTakesAMailboxWithInboxInAnyCase() {
        assertEquals(new ImapCommand.GetQuotaRoot("INBOX"), command("G0002 GETQUOTAROOT INBOX"));
        assertEquals(new ImapCommand.GetQuotaRoot("INBOX"), command("a getquotaroot \"inbox\""));
        assertEquals(new ImapCommand.GetQuotaRoot("Sent"), command("a GETQUOTAROOT Sent"));
    }

    @Test
    void setQuotaTakesResourceLimitsUpperCased() {
        assertEquals(new ImapCommand.SetQuota("#user/alice", Map.of("STORAGE", 510L)),
                command("S0001 SETQUOTA \"#user/alice\" (STORAGE 510)"));
        assertEquals(new ImapCommand.SetQuota("!partition/sda4", Map.of("STORAGE", 99999999L)),
                command("S0002 SETQUOTA \"!partition/sda4\" (STORAGE 99999999)"));
        assertEquals(new ImapCommand.SetQuota("", Map.of("STORAGE", 512L, "MESSAGE", 1000L)),
                command("a SETQUOTA \"\" (storage 512 Message 1000)"));
        assertEquals(new ImapCommand.SetQuota("", Map.of()), command("a SETQUOTA \"\" ()"));
        assertEquals(new ImapCommand.SetQuota("", Map.of("MESSAGE", Long.MAX_VALUE)),
                command("a SETQUOTA \"\" (MESSAGE 9223372036854775807)"));
    }

    @Test
    void malformedSetQuotaIsBad() {
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SETQUOTA: expected ( before quota limits"),
                parse("a SETQUOTA \"\" STORAGE 1"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SETQUOTA: resource given twice"),
                parse("a SETQUOTA \"\" (STORAGE 1 storage 2)"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SETQUOTA: expected ) after quota limits"),
                parse("a SETQUOTA \"\" (STORAGE 1"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SETQUOTA: expected a number"),
                parse("a SETQUOTA \"\" (STORAGE -1)"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SETQUOTA: expected a space"),
                parse("a SETQUOTA \"\" (STORAGE)"));
    }

    @Test
    void storageLimitMustFitInBytes() {
        long max = Long.MAX_VALUE / 1024;
        assertEquals(new ImapCommand.SetQuota("", Map.of("STORAGE", max)), command("a SETQUOTA \"\" (STORAGE " + max + ")"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command SETQUOTA: STORAGE limit too large"),
                parse("a SETQUOTA \"\" (STORAGE " + (max + 1) + ")"));
    }

    @Test
    void resourceCountIsBoundedByTheItemLimit() {
        ParserLimits limits = new ParserLimits(64 * 1024, 1024, 64 * 1024, 8, 3);
        String atLimit = "a SETQUOTA \"\" (A 1 B 2 C 3)\r\n";
        String over = "b SETQUOTA \"\" (A 1 B 2 C 3 D 4)\r\n";
        Conversation c = new Conversation(new ByteArrayInputStream((atLimit + over).getBytes(StandardCharsets.US_ASCII)), limits);
        assertEquals(3, ((ImapCommand.SetQuota) ((ParsedCommand.Command) c.next()).command()).limits().size());
        assertEquals(new ParsedCommand.Bad("b", "Error in IMAP command SETQUOTA: too many items in a list"), c.next());
    }
}
