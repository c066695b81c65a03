package org.mailstore.store.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.journal.JournalRecord.MailboxCreated;
import org.mailstore.store.journal.JournalRecord.MailboxDeleted;
import org.mailstore.store.journal.JournalRecord.MailboxRenamed;
import org.mailstore.store.journal.JournalRecord.MessageAppended;
import org.mailstore.store.journal.JournalRecord.MessagesExpunged;

class JournalRoundTripTest {

    private static final Instant AT = SampleRecords.AT;

    @TempDir
    Path dir;

    @Test
    void everyRecordTypeComesBackWithAllFields() throws IOException {
        List<JournalRecord> written = List.of(
                new MailboxCreated(AT, 7, "jörg@exämple.org", 42, "Entwürfe/日本語/🎉", 1_700_000_000L),
                new MailboxRenamed(AT.plusNanos(1), 7, "jörg@exämple.org", 42, "Entwürfe/日本語/🎉", "Архив"),
                new MessageAppended(AT.plusSeconds(1), 7, "jörg@exämple.org", 42, "Архив", 1_700_000_000L, 1, 5,
                        SampleRecords.sha256("body"), Instant.parse("1999-12-31T23:59:59Z"), 123_456,
                        List.of("\\Seen", "\\Flagged", "$Forwarded", "Ключ")),
                new MessageAppended(AT.plusSeconds(2), 7, "jörg@exämple.org", 42, "Архив", 1_700_000_000L, 2, 6,
                        new byte[0], Instant.EPOCH, 0, List.of()),
                new MessagesExpunged(AT.plusSeconds(3), 7, "jörg@exämple.org", 42, 1_700_000_000L, 7,
                        LongStream.rangeClosed(1, 100_000).toArray()),
                new MessagesExpunged(AT.plusSeconds(4), 7, "jörg@exämple.org", 42, 1_700_000_000L, 8, new long[0]),
                new MailboxDeleted(AT.plusSeconds(5), 7, "jörg@exämple.org", 42, "Архив"),
                new MailboxCreated(Instant.MIN, Long.MIN_VALUE, "", Long.MAX_VALUE, "", -1),
                new MailboxCreated(Instant.MAX, Long.MAX_VALUE, "x".repeat(RecordFrame.MAX_STRING_BYTES), 0, "ä", 0));

        try (Journal journal = Journal.open(dir, "inst")) {
            journal.append(written);
        }

        assertEquals(written, readRecords());
    }

    @Test
    void positionsNameTheSegmentAndTheOffsetOfEachRecord() throws IOException {
        List<JournalRecord> written = List.of(SampleRecords.delivery(1, 1), SampleRecords.delivery(1, 2));
        try (Journal journal = Journal.open(dir, "inst")) {
            journal.append(written);
        }

        List<JournalPosition> positions;
        try (Stream<JournalEntry> entries = JournalReader.readAll(dir)) {
            positions = entries.map(JournalEntry::position).toList();
        }

        long headerBytes = 35 + "inst".length();
        long firstRecordBytes = RecordCodec.encode(written.getFirst()).length;
        assertEquals(List.of(new JournalPosition("inst-000000000001.journal", headerBytes),
                new JournalPosition("inst-000000000001.journal", headerBytes + firstRecordBytes)), positions);
    }

    @Test
    void recordsOfSeparateAppendsComeBackInAppendOrder() throws IOException {
        List<JournalRecord> written = new ArrayList<>();
        try (Journal journal = Journal.open(dir, "inst")) {
            for (long uid = 1; uid <= 100; uid++) {
                JournalRecord r = SampleRecords.delivery(3, uid);
                journal.append(List.of(r));
                written.add(r);
            }
        }

        assertEquals(written, readRecords());
    }

    @Test
    void aStringLongerThanItsLengthFieldIsRefusedAndNothingIsWritten() throws IOException {
        try (Journal journal = Journal.open(dir, "inst")) {
            MailboxCreated tooLong = new MailboxCreated(AT, 1, "a@b", 1, "é".repeat(RecordFrame.MAX_STRING_BYTES / 2 + 1), 1);
            var e = assertThrows(IllegalArgumentException.class, () -> journal.append(List.of(tooLong)));
            assertEquals("name has 65536 elements or bytes, more than the journal's limit of 65535", e.getMessage());

            journal.append(List.of(SampleRecords.delivery(1, 1)));
        }

        assertEquals(List.of(SampleRecords.delivery(1, 1)), readRecords());
    }

    @Test
    void anUnpairedSurrogateIsRefusedRatherThanWrittenAsQuestionMark() throws IOException {
        try (Journal journal = Journal.open(dir, "inst")) {
            MailboxCreated broken = new MailboxCreated(AT, 1, "a@b", 1, "bad\uD800name", 1);
            var e = assertThrows(IllegalArgumentException.class, () -> journal.append(List.of(broken)));
            assertEquals("name is not valid Unicode (unpaired surrogate)", e.getMessage());
        }
        assertEquals(List.of(), readRecords());
    }

    @Test
    void tooManyExpungedUidsInOneRecordAreRefused() throws IOException {
        try (Journal journal = Journal.open(dir, "inst")) {
            MessagesExpunged tooMany = new MessagesExpunged(AT, 1, "a@b", 1, 1, 1, new long[MessagesExpunged.MAX_UIDS + 1]);
            var e = assertThrows(IllegalArgumentException.class, () -> journal.append(List.of(tooMany)));
            assertEquals("uids has 1048577 elements or bytes, more than the journal's limit of 1048576", e.getMessage());
        }
    }

    @Test
    void aRecordOverSixteenMebibytesIsRefused() throws IOException {
        List<String> hugeFlags = java.util.Collections.nCopies(300, "k".repeat(60_000));
        MessageAppended huge = new MessageAppended(AT, 1, "a@b", 1, "INBOX", 1, 1, 1, new byte[32], AT, 1, hugeFlags);
        try (Journal journal = Journal.open(dir, "inst")) {
            var e = assertThrows(IllegalArgumentException.class, () -> journal.append(List.of(huge)));
            assertEquals("journal record exceeds the limit of 16777216 bytes", e.getMessage());
        }
        assertEquals(List.of(), readRecords());
    }

    @Test
    void arraysAreCopiedSoCallersCannotChangeARecordAfterTheFact() {
        byte[] hash = SampleRecords.sha256("x");
        long[] uids = {1, 2, 3};
        MessageAppended appended = new MessageAppended(AT, 1, "a@b", 1, "INBOX", 1, 1, 1, hash, AT, 1, List.of());
        MessagesExpunged expunged = new MessagesExpunged(AT, 1, "a@b", 1, 1, 1, uids);

        hash[0]++;
        uids[0] = 99;
        appended.blobHash()[1]++;
        expunged.uids()[1] = 99;

        assertEquals(new MessageAppended(AT, 1, "a@b", 1, "INBOX", 1, 1, 1, SampleRecords.sha256("x"), AT, 1, List.of()),
                appended);
        assertEquals(new MessagesExpunged(AT, 1, "a@b", 1, 1, 1, new long[] {1, 2, 3}), expunged);
    }

    private List<JournalRecord> readRecords() throws IOException {
        try (Stream<JournalEntry> entries = JournalReader.readAll(dir)) {
            return entries.map(JournalEntry::record).toList();
        }
    }
}
