package org.mailstore.imapd.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mailstore.imapd.command.SearchKey;
import org.mailstore.imapd.command.SequenceSet;
import org.mailstore.store.BlobMetadata;
import org.mailstore.store.Flags;
import org.mailstore.store.MessageView;
import org.mailstore.store.Messages;
import org.mailstore.store.mime.MessageMetadata;
import org.mailstore.store.mime.MessageParser;

class SearchEvaluatorTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    /** A test mailbox: messages 1..n with UIDs, flags, internal dates, raw bytes; counts blob opens. */
    private static final class Box {
        final List<byte[]> raws = new ArrayList<>();
        final List<MessageView> views = new ArrayList<>();
        final List<Boolean> recent = new ArrayList<>();
        final AtomicInteger opens = new AtomicInteger();

        Box add(long uid, Flags flags, String internalDate, boolean isRecent, String message) {
            byte[] raw = message.getBytes(StandardCharsets.UTF_8);
            raws.add(raw);
            views.add(new MessageView(uid, 1, flags, Instant.parse(internalDate), raw.length, "00"));
            recent.add(isRecent);
            return this;
        }

        Box add(long uid, String message) {
            return add(uid, Flags.NONE, "2026-11-25T10:00:00Z", false, message);
        }

        long[] uids() {
            return views.stream().mapToLong(MessageView::uid).toArray();
        }

        /** Sequence numbers of the messages that match, as a session would list them. */
        List<Long> search(SearchKey key, long... saved) {
            return search(new SearchEvaluator(key, uids(), saved, ZONE));
        }

        List<Long> searchAt(Instant now, SearchKey key) {
            return search(new SearchEvaluator(key, uids(), new long[0], ZONE, now, null));
        }

        List<Long> search(SearchEvaluator evaluator) {
            List<Long> hits = new ArrayList<>();
            for (int i = 0; i < views.size(); i++) {
                byte[] raw = raws.get(i);
                BlobMetadata m = evaluator.detail() == Messages.Detail.NONE ? null : metadata(raw);
                BodyReader reader = (offset, length) -> {
                    opens.incrementAndGet();
                    return new ByteArrayInputStream(raw, (int) offset, (int) Math.min(length, raw.length - offset));
                };
                try {
                    if (evaluator.matches(new SearchInput(i + 1, views.get(i), recent.get(i), m, reader))) hits.add(i + 1L);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return hits;
        }
    }

    private static BlobMetadata metadata(byte[] raw) {
        try {
            MessageMetadata m = MessageParser.parse(new ByteArrayInputStream(raw));
            return new BlobMetadata("00", m.size(), m.headerSize(), m.bodyLines(), m.header(), m.envelope(), m.body(),
                    m.bodyStructure(), m.parts());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String message(String headers, String body) {
        return headers.replace("\n", "\r\n") + "\r\n" + body.replace("\n", "\r\n");
    }

    private static SearchKey.Messages seq(long first, long last) {
        return new SearchKey.Messages(SequenceSet.of(List.of(new SequenceSet.Range(first, last))), false);
    }

    private static SearchKey.Messages uid(long first, long last) {
        return new SearchKey.Messages(SequenceSet.of(List.of(new SequenceSet.Range(first, last))), true);
    }

    private static SearchKey and(SearchKey... keys) {
        return new SearchKey.And(List.of(keys));
    }

    private static Box flagsBox() {
        return new Box()
                .add(3, Flags.of(List.of("\\Seen", "\\Answered")), "2026-11-20T10:00:00Z", false, message("Subject: a\n", "x\n"))
                .add(5, Flags.of(List.of("\\Flagged", "$Label1")), "2026-11-24T22:30:00Z", true, message("Subject: b\n", "x\n"))
                .add(9, Flags.of(List.of("\\Deleted", "\\Draft", "\\Seen")), "2026-11-25T10:00:00Z", true, message("Subject: c\n", "x\n"))
                .add(12, Flags.NONE, "2026-11-26T10:00:00Z", false, message("Subject: d\n", "xxxxxxxxxxxxxxxxxxxx\n"));
    }

    @Test
    void allAndSequenceSetsWithStarAndReversedRanges() {
        Box box = flagsBox();
        assertEquals(List.of(1L, 2L, 3L, 4L), box.search(new SearchKey.All()));
        assertEquals(List.of(2L, 3L), box.search(seq(2, 3)));
        assertEquals(List.of(2L, 3L), box.search(seq(3, 2)));
        assertEquals(List.of(4L), box.search(seq(SequenceSet.STAR, SequenceSet.STAR)));
        assertEquals(List.of(3L, 4L), box.search(seq(3, SequenceSet.STAR)));
        assertEquals(List.of(1L, 3L), box.search(new SearchKey.Messages(SequenceSet.of(List.of(
                SequenceSet.Range.single(3), SequenceSet.Range.single(1), SequenceSet.Range.single(9))), false)));
        assertEquals(List.of(0, 0), List.of(box.opens.get(), 0), "no key here opens a blob");
    }

    @Test
    void olderAndYoungerMeasureTheInternalDateFromTheCommandsMoment() {
        Box box = flagsBox(); // internal dates 20th 10:00, 24th 22:30, 25th 10:00, 26th 10:00 (UTC)
        Instant now = Instant.parse("2026-11-26T10:00:00Z");
        assertEquals(List.of(4L), box.searchAt(now, new SearchKey.Age(false, 3600)));
        assertEquals(List.of(1L, 2L, 3L), box.searchAt(now, new SearchKey.Age(true, 3600)));
        // exactly one day old: both OLDER and YOUNGER 86400 hold, as in Dovecot
        assertEquals(List.of(1L, 2L, 3L), box.searchAt(now, new SearchKey.Age(true, 86_400)));
        assertEquals(List.of(3L, 4L), box.searchAt(now, new SearchKey.Age(false, 86_400)));
        assertEquals(List.of(1L), box.searchAt(now, new SearchKey.Age(true, 86_401 + 12 * 3600)));
        assertEquals(List.of(2L, 3L), box.searchAt(now, and(new SearchKey.Age(false, 3 * 86_400), new SearchKey.Age(true, 3600))));
        assertEquals(List.of(), box.searchAt(now, new SearchKey.Age(true, 4_294_967_295L)));
    }

    @Test
    void emailIdComparesTheDerivedIdExactlyAndThreadIdMatchesNothing() {
        Box box = flagsBox(); // every message's blob hash is "00" here
        SearchEvaluator byId = new SearchEvaluator(new SearchKey.EmailId("Mx00"), box.uids(), new long[0], ZONE, Instant.now(), h -> "Mx" + h);
        assertEquals(List.of(1L, 2L, 3L, 4L), box.search(byId));
        SearchEvaluator otherCase = new SearchEvaluator(new SearchKey.EmailId("MX00"), box.uids(), new long[0], ZONE, Instant.now(), h -> "Mx" + h);
        assertEquals(List.of(), box.search(otherCase));
        assertEquals(List.of(), box.search(new SearchKey.ThreadId("T1")));
        assertEquals(List.of(1L, 2L, 3L, 4L), box.search(new SearchKey.Not(new SearchKey.ThreadId("T1"))));
    }

    @Test
    void uidSetsAndTheSavedResult() {
        Box box = flagsBox();
        assertEquals(List.of(2L, 3L), box.search(uid(4, 9)));
        assertEquals(List.of(4L), box.search(uid(SequenceSet.STAR, SequenceSet.STAR)));
        assertEquals(List.of(4L), box.search(uid(100, SequenceSet.STAR)), "100:* is 12:100 when 12 is the highest UID");
        assertEquals(List.of(), box.search(uid(13, 99)));
        assertEquals(List.of(1L, 4L), box.search(new SearchKey.Messages(SequenceSet.savedResult(), false), 3, 12));
        assertEquals(List.of(1L, 4L), box.search(new SearchKey.Messages(SequenceSet.savedResult(), true), 3, 12));
        assertEquals(List.of(), box.search(new SearchKey.Messages(SequenceSet.savedResult(), false)));
    }

    @Test
    void systemFlagsKeywordsAndRecent() {
        Box box = flagsBox();
        assertEquals(List.of(1L, 3L), box.search(new SearchKey.FlagSet("\\Seen", true)));
        assertEquals(List.of(2L, 4L), box.search(new SearchKey.FlagSet("\\SEEN", false)));
        assertEquals(List.of(1L), box.search(new SearchKey.FlagSet("\\Answered", true)));
        assertEquals(List.of(2L, 3L, 4L), box.search(new SearchKey.FlagSet("\\Answered", false)));
        assertEquals(List.of(2L), box.search(new SearchKey.FlagSet("\\Flagged", true)));
        assertEquals(List.of(3L), box.search(new SearchKey.FlagSet("\\Deleted", true)));
        assertEquals(List.of(1L, 2L, 4L), box.search(new SearchKey.FlagSet("\\Deleted", false)));
        assertEquals(List.of(3L), box.search(new SearchKey.FlagSet("\\Draft", true)));
        assertEquals(List.of(2L), box.search(new SearchKey.FlagSet("$label1", true)), "KEYWORD ignores case");
        assertEquals(List.of(1L, 3L, 4L), box.search(new SearchKey.FlagSet("$Label1", false)));
        assertEquals(List.of(), box.search(new SearchKey.FlagSet("\\Unknown", true)));
        assertEquals(List.of(2L, 3L), box.search(new SearchKey.Recent()));
        // NEW = RECENT UNSEEN, OLD = NOT RECENT, as the parser reduces them.
        assertEquals(List.of(2L), box.search(and(new SearchKey.Recent(), new SearchKey.FlagSet("\\Seen", false))));
        assertEquals(List.of(1L, 4L), box.search(new SearchKey.Not(new SearchKey.Recent())));
    }

    @Test
    void internalDatesCompareByCalendarDayInTheServerZone() {
        Box box = flagsBox();
        LocalDate nov25 = LocalDate.of(2026, 11, 25);
        // Message 2 arrived 2026-11-24T22:30Z: 23:30 on the 24th in Berlin (UTC+1).
        assertEquals(List.of(1L, 2L), box.search(new SearchKey.DateCompare(false, SearchKey.Comparison.BEFORE, nov25)));
        assertEquals(List.of(3L), box.search(new SearchKey.DateCompare(false, SearchKey.Comparison.ON, nov25)));
        assertEquals(List.of(3L, 4L), box.search(new SearchKey.DateCompare(false, SearchKey.Comparison.SINCE, nov25)));
        Box late = new Box().add(1, Flags.NONE, "2026-11-24T23:30:00Z", false, message("Subject: x\n", ""));
        assertEquals(List.of(1L), late.search(new SearchKey.DateCompare(false, SearchKey.Comparison.ON, nov25)),
                "23:30 UTC on the 24th is 00:30 on the 25th in Berlin");
    }

    @Test
    void sizes() {
        Box box = flagsBox();
        long size4 = box.views.get(3).size();
        assertEquals(List.of(4L), box.search(new SearchKey.Size(true, size4 - 1)));
        assertEquals(List.of(), box.search(new SearchKey.Size(true, size4)));
        assertEquals(List.of(1L, 2L, 3L), box.search(new SearchKey.Size(false, size4)));
    }

    private static Box headerBox() {
        return new Box()
                .add(1, message("From: Alice Example <alice@example.org>\nTo: bob@example.com\nCc: Carol <carol@example.net>\n"
                        + "Subject: Quarterly report\n  for Q3\nDate: Tue, 24 Nov 2026 23:59:00 -1000\nX-Priority: 1\n", "hello\n"))
                .add(2, message("From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <jm@example.de>\nTo: alice@example.org\n"
                        + "Bcc: hidden@example.org\nSubject: =?ISO-8859-1?Q?Gr=FC=DFe?=\nDate: 25 Nov 26 08:00 GMT\n", "hallo\n"))
                .add(3, message("From: nobody@example.org\nSubject: no date here\n", "x\n"));
    }

    @Test
    void headerKeysMatchDecodedSubstringsWithoutRegardToCase() {
        Box box = headerBox();
        assertEquals(List.of(1L, 2L), box.search(new SearchKey.Header("From", "")).subList(0, 2));
        assertEquals(List.of(1L), box.search(new SearchKey.Header("FROM", "ALICE")));
        assertEquals(List.of(2L), box.search(new SearchKey.Header("from", "jürgen müller")), "RFC 2047 words are decoded");
        assertEquals(List.of(2L), box.search(new SearchKey.Header("FROM", "JÜRGEN")), "case folding covers non-ASCII");
        assertEquals(List.of(2L), box.search(new SearchKey.Header("To", "alice@")));
        assertEquals(List.of(1L), box.search(new SearchKey.Header("Cc", "carol")));
        assertEquals(List.of(2L), box.search(new SearchKey.Header("Bcc", "hidden")));
        assertEquals(List.of(1L), box.search(new SearchKey.Header("Subject", "report  for q3")), "folded lines are unfolded");
        assertEquals(List.of(2L), box.search(new SearchKey.Header("Subject", "grüße")));
        assertEquals(List.of(1L), box.search(new SearchKey.Header("x-priority", "")), "an empty value asks for the field");
        assertEquals(List.of(), box.search(new SearchKey.Header("X-Missing", "")));
        assertEquals(0, box.opens.get(), "header keys are answered from the cached header");
    }

    @Test
    void sentDatesAreTheDateHeadersDateAsWritten() {
        Box box = headerBox();
        LocalDate nov25 = LocalDate.of(2026, 11, 25);
        assertEquals(List.of(1L), box.search(new SearchKey.DateCompare(true, SearchKey.Comparison.BEFORE, nov25)),
                "24 Nov at 23:59 -1000 is the 24th as written, though the 25th in UTC");
        assertEquals(List.of(2L), box.search(new SearchKey.DateCompare(true, SearchKey.Comparison.ON, nov25)), "two-digit year 26 is 2026");
        assertEquals(List.of(2L), box.search(new SearchKey.DateCompare(true, SearchKey.Comparison.SINCE, nov25)));
        assertEquals(List.of(), box.search(and(seq(3, 3), new SearchKey.Or(
                new SearchKey.DateCompare(true, SearchKey.Comparison.BEFORE, nov25),
                new SearchKey.DateCompare(true, SearchKey.Comparison.SINCE, nov25)))), "no Date: matches no SENT* key");
    }

    private static Box bodyBox() {
        return new Box()
                .add(1, message("Subject: plain\n", "The quick brown fox\njumps\n"))
                .add(2, message("Subject: qp\nMIME-Version: 1.0\nContent-Type: text/plain; charset=\"ISO-8859-1\"\n"
                        + "Content-Transfer-Encoding: quoted-printable\n", "Sch=F6ne Gr=FC=DFe aus K=\n=F6ln\n"))
                .add(3, message("Subject: mixed\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n",
                        "--b\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
                                + "w4RwZmVsIHVuZCBCaXJuZW4K\n--b\nContent-Type: application/octet-stream\n"
                                + "Content-Transfer-Encoding: base64\n\nc2VjcmV0IGZveA==\n--b\nContent-Type: message/rfc822\n\n"
                                + "Subject: inner\nContent-Type: text/html\n\n<p>Nested fox</p>\n--b--\n"))
                .add(4, message("Subject: fox in the subject\n", "nothing\n"));
    }

    @Test
    void bodySearchDecodesTransferEncodingsAndCharsets() {
        Box box = bodyBox();
        assertEquals(List.of(1L, 3L), box.search(new SearchKey.Body("FOX")), "the octet-stream attachment is not text");
        assertEquals(List.of(2L), box.search(new SearchKey.Body("schöne grüße aus köln")), "QP soft line break and Latin-1");
        assertEquals(List.of(3L), box.search(new SearchKey.Body("äpfel und birnen")), "base64 UTF-8");
        assertEquals(List.of(3L), box.search(new SearchKey.Body("nested fox")), "an attached message's text part");
        assertEquals(List.of(), box.search(new SearchKey.Body("secret")));
        assertEquals(List.of(), box.search(new SearchKey.Body("quick fox")), "substrings, not words");
        assertEquals(List.of(1L, 2L, 3L, 4L), box.search(new SearchKey.Body("")));
    }

    @Test
    void textSearchesHeaderAndBody() {
        Box box = bodyBox();
        assertEquals(List.of(1L, 3L, 4L), box.search(new SearchKey.Text("fox")));
        assertEquals(List.of(2L), box.search(new SearchKey.Text("SUBJECT: QP")));
        assertFalse(box.search(new SearchKey.Text("inner")).contains(1L));
    }

    @Test
    void theBlobIsOpenedOnlyWhenCheaperKeysLeaveTheAnswerOpenAndOncePerMessage() {
        Box box = bodyBox();
        box.views.set(0, new MessageView(1, 1, Flags.of(List.of("\\Seen")), box.views.get(0).internalDate(), box.views.get(0).size(), "00"));
        SearchKey key = and(new SearchKey.Body("fox"), new SearchKey.FlagSet("\\Seen", true));
        assertEquals(List.of(1L), box.search(key));
        assertEquals(2, box.opens.get(), "only message 1 has \\Seen, so only it is read: its part's MIME header and body");
        box.opens.set(0);
        box.search(and(seq(1, 1), new SearchKey.Or(new SearchKey.Body("fox"), new SearchKey.Body("jumps")),
                new SearchKey.Not(new SearchKey.Body("zebra"))));
        assertEquals(2, box.opens.get(), "message 1 once: its part's MIME header and its body, for all three BODY keys");
        SearchEvaluator flagsOnly = new SearchEvaluator(new SearchKey.FlagSet("\\Seen", true), new long[0], new long[0], ZONE);
        assertEquals(Messages.Detail.NONE, flagsOnly.detail());
        assertFalse(SearchEvaluator.needsMetadata(and(new SearchKey.Size(true, 1), new SearchKey.Recent())));
        assertTrue(SearchEvaluator.needsMetadata(new SearchKey.Header("Subject", "x")));
        assertFalse(SearchEvaluator.needsBody(new SearchKey.Header("Subject", "x")));
        assertTrue(SearchEvaluator.needsBody(new SearchKey.Not(new SearchKey.Text("x"))));
        assertEquals(Messages.Detail.HEADER,
                new SearchEvaluator(new SearchKey.DateCompare(true, SearchKey.Comparison.ON, LocalDate.of(2026, 1, 1)),
                        new long[0], new long[0], ZONE).detail());
    }

    @Test
    void booleanCombinations() {
        Box box = flagsBox();
        SearchKey seen = new SearchKey.FlagSet("\\Seen", true);
        SearchKey recent = new SearchKey.Recent();
        assertEquals(List.of(3L), box.search(and(seen, recent)));
        assertEquals(List.of(1L, 2L, 3L), box.search(new SearchKey.Or(seen, recent)));
        assertEquals(List.of(4L), box.search(new SearchKey.Not(new SearchKey.Or(seen, recent))));
        assertEquals(List.of(1L, 2L), box.search(new SearchKey.Or(and(seen, new SearchKey.Not(recent)), and(recent, new SearchKey.Not(seen)))));
        assertEquals(List.of(1L, 2L, 3L, 4L), box.search(and()), "an empty AND is true");
    }
}
