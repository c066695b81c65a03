package org.mailstore.imapd.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mailstore.imapd.parse.Conversation.command;
import static org.mailstore.imapd.parse.Conversation.parse;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.FetchAttribute;
import org.mailstore.imapd.command.FetchAttribute.BodySection;
import org.mailstore.imapd.command.FetchAttribute.Partial;
import org.mailstore.imapd.command.FetchAttribute.Simple;
import org.mailstore.imapd.command.ImapCommand;
import org.mailstore.imapd.command.ParsedCommand;
import org.mailstore.imapd.command.Section;
import org.mailstore.imapd.command.SequenceSet;
import org.mailstore.imapd.command.SequenceSet.Range;

/** FETCH and UID FETCH (RFC 9051 §6.4.5, §6.4.9) and the sequence-set grammar. */
class FetchCommandTest {

    private static ImapCommand.Fetch fetch(String line) {
        return (ImapCommand.Fetch) command(line);
    }

    private static List<FetchAttribute> items(String items) {
        return fetch("a FETCH 1 " + items).attributes();
    }

    private static BodySection body(boolean peek, Section section) {
        return new BodySection(peek, section, Optional.empty());
    }

    @Test
    void rfcExample() {
        assertEquals(new ImapCommand.Fetch(false, SequenceSet.of(List.of(new Range(2, 4))),
                        List.of(Simple.FLAGS, body(false, new Section(List.of(), Section.Text.HEADER_FIELDS,
                                List.of("DATE", "FROM"))))),
                command("A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])"));
        assertEquals(new ImapCommand.Fetch(true, SequenceSet.of(List.of(new Range(4827313, 4828442))), List.of(Simple.FLAGS)),
                command("A999 UID FETCH 4827313:4828442 FLAGS"));
    }

    @Test
    void macrosAreExpanded() {
        assertEquals(List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE), items("ALL"));
        assertEquals(List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE), items("fast"));
        assertEquals(List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE, Simple.BODY),
                items("FULL"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: unknown fetch item"), parse("a FETCH 1 (ALL)"));
    }

    @Test
    void everySimpleItem() {
        assertEquals(List.of(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE, Simple.BODY,
                        Simple.BODYSTRUCTURE, Simple.UID, Simple.RFC822, Simple.RFC822_HEADER, Simple.RFC822_TEXT, Simple.SAVEDATE,
                        Simple.EMAILID, Simple.THREADID),
                items("(flags INTERNALDATE rfc822.size ENVELOPE BODY BODYSTRUCTURE UID RFC822 RFC822.HEADER RFC822.TEXT savedate "
                        + "EMAILID threadid)"));
    }

    @Test
    void sections() {
        assertEquals(List.of(body(false, Section.WHOLE)), items("BODY[]"));
        assertEquals(List.of(body(true, Section.WHOLE)), items("body.peek[]"));
        assertEquals(List.of(body(false, new Section(List.of(), Section.Text.HEADER, List.of()))), items("BODY[HEADER]"));
        assertEquals(List.of(body(false, new Section(List.of(), Section.Text.TEXT, List.of()))), items("BODY[TEXT]"));
        assertEquals(List.of(body(false, new Section(List.of(1, 2, 3), Section.Text.NONE, List.of()))), items("BODY[1.2.3]"));
        assertEquals(List.of(body(true, new Section(List.of(4, 2), Section.Text.MIME, List.of()))),
                items("BODY.PEEK[4.2.MIME]"));
        assertEquals(List.of(body(false, new Section(List.of(3), Section.Text.HEADER, List.of()))), items("BODY[3.HEADER]"));
        assertEquals(List.of(body(false, new Section(List.of(4, 2, 2), Section.Text.TEXT, List.of()))),
                items("BODY[4.2.2.text]"));
        assertEquals(List.of(body(true, new Section(List.of(), Section.Text.HEADER_FIELDS_NOT,
                        List.of("Received", "x-spam")))), items("BODY.PEEK[HEADER.FIELDS.NOT (Received \"x-spam\")]"));
        assertEquals(List.of(body(true, new Section(List.of(2), Section.Text.HEADER_FIELDS, List.of("Subject")))),
                items("BODY.PEEK[2.HEADER.FIELDS (Subject)]"));
    }

    @Test
    void partial() {
        assertEquals(List.of(new BodySection(false, Section.WHOLE, Optional.of(new Partial(0, 1024)))), items("BODY[]<0.1024>"));
        assertEquals(List.of(new BodySection(true, new Section(List.of(1), Section.Text.TEXT, List.of()),
                Optional.of(new Partial(4096, 5_000_000_000L)))), items("BODY.PEEK[1.TEXT]<4096.5000000000>"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: partial count must not be zero"),
                parse("a FETCH 1 BODY[]<0.0>"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: unexpected characters at end of command"),
                parse("a FETCH 1 BODY<0.1>"));
    }

    @Test
    void firstSyncOfAClient() {
        ImapCommand.Fetch fetch = fetch("a UID FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS "
                + "(From To Cc Subject Date Message-ID References In-Reply-To Content-Type)])");
        assertEquals(SequenceSet.of(List.of(new Range(1, SequenceSet.STAR))), fetch.messages());
        assertEquals(List.of(Simple.UID, Simple.FLAGS, Simple.RFC822_SIZE, Simple.INTERNALDATE,
                body(true, new Section(List.of(), Section.Text.HEADER_FIELDS, List.of("From", "To", "Cc", "Subject",
                        "Date", "Message-ID", "References", "In-Reply-To", "Content-Type")))), fetch.attributes());
    }

    @Test
    void binaryItemsOfRfc3516() {
        assertEquals(List.of(new FetchAttribute.Binary(false, List.of(1, 2), Optional.empty()),
                        new FetchAttribute.Binary(true, List.of(), Optional.of(new Partial(0, 1024))),
                        new FetchAttribute.BinarySize(List.of(3))),
                items("(BINARY[1.2] BINARY.PEEK[]<0.1024> BINARY.SIZE[3])"));
    }

    @Test
    void malformedSections() {
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: MIME needs a part number"),
                parse("a FETCH 1 BODY[MIME]"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: zero is not allowed here"),
                parse("a FETCH 1 BODY[0]"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: expected a section keyword after the part number"),
                parse("a FETCH 1 BODY[1.]"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: unknown section"), parse("a FETCH 1 BODY[FOO]"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: expected [ after BODY.PEEK"),
                parse("a FETCH 1 BODY.PEEK"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: invalid header field name"),
                parse("a FETCH 1 BODY[HEADER.FIELDS (\"Sub:ject\")]"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: expected a space"),
                parse("a FETCH 1 BODY[HEADER.FIELDS]"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: expected ] after binary section"),
                parse("a FETCH 1 BINARY[1.TEXT]"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: expected [ after BINARY"),
                parse("a FETCH 1 BINARY.SIZE"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: zero is not allowed here"),
                parse("a FETCH 1 BINARY[0]"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: partial count must not be zero"),
                parse("a FETCH 1 BINARY[1]<0.0>"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: unknown fetch item"), parse("a FETCH 1 ()"));
        assertEquals(new ParsedCommand.Bad("a", "Error in IMAP command FETCH: expected ) after fetch items"),
                parse("a FETCH 1 (FLAGS"));
    }

    @Test
    void sequenceSets() {
        assertEquals(SequenceSet.of(List.of(Range.single(1), new Range(3, 5), new Range(SequenceSet.STAR, 7),
                Range.single(SequenceSet.STAR), Range.single(4294967295L))),
                fetch("a FETCH 1,3:5,*:7,*,4294967295 FLAGS").messages());
        assertEquals(SequenceSet.savedResult(), fetch("a UID FETCH $ FLAGS").messages());
        for (String bad : List.of("0", "1:0", "4294967296", "1,", ",1", "$,1", "1:", "a", "-1", "1::2")) {
            ParsedCommand parsed = parse("a FETCH " + bad + " FLAGS");
            assertEquals(true, parsed instanceof ParsedCommand.Bad, bad + " gave " + parsed);
        }
    }
}
