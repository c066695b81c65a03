package org.mailstore.store.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.LogCapture;
import org.mailstore.store.journal.JournalRecord.MailboxRenamed;
import org.mailstore.store.journal.JournalRecord.MessagesExpunged;

/** A crash tears the tail of the last segment; disks and copies damage anything. The reader must never throw on either. */
class DamagedSegmentTest {

    private static final String FIRST = "inst-000000000001.journal";
    private static final String SECOND = "inst-000000000002.journal";
    private static final List<JournalRecord> RECORDS = List.of(
            SampleRecords.delivery(1, 1),
            new MailboxRenamed(SampleRecords.AT, 1, "a@b", 2, "Old", "Néw"),
            SampleRecords.delivery(1, 2),
            new MessagesExpunged(SampleRecords.AT, 1, "a@b", 2, 3, 4, LongStream.rangeClosed(1, 40).toArray()));

    @TempDir
    Path dir;

    private final LogCapture log = LogCapture.of(Journal.class.getPackageName());

    @AfterEach
    void stopCapturing() {
        log.close();
    }

    @Test
    void truncatingTheLastSegmentAnywhereInItsLastRecordsLosesOnlyTheTornRecords() throws IOException {
        byte[] segment = writeSegment();
        long[] starts = recordStarts();
        int lastTwo = (int) starts[RECORDS.size() - 2];

        for (int cut = lastTwo; cut < segment.length; cut++) {
            Files.write(dir.resolve(FIRST), Arrays.copyOf(segment, cut));
            log.clear();

            int complete = completeRecordsBefore(starts, segment.length, cut);
            assertEquals(RECORDS.subList(0, complete), readRecords(), "cut at " + cut);
            assertEquals(expectedTornWarnings(starts, segment.length, cut), log.warnings(), "cut at " + cut);
        }
    }

    @Test
    void truncatingInsideTheHeaderYieldsNoRecordsAndNoException() throws IOException {
        byte[] segment = writeSegment();
        long headerBytes = recordStarts()[0];

        for (int cut = 0; cut < headerBytes; cut++) {
            Files.write(dir.resolve(FIRST), Arrays.copyOf(segment, cut));
            log.clear();

            assertEquals(List.of(), readRecords(), "cut at " + cut);
            assertEquals(List.of(warning(FIRST, 0, headerReason(cut))), log.warnings(), "cut at " + cut);
        }
    }

    @Test
    void anyDamagedByteStopsItsSegmentThereAndTheNextSegmentIsStillRead() throws IOException {
        byte[] segment = writeSegment();
        long[] starts = recordStarts();
        try (Journal journal = Journal.open(dir, "inst")) {
            journal.append(List.of(SampleRecords.delivery(9, 1)));
        }

        for (int at = (int) starts[1]; at < starts[2]; at++) {
            byte[] damaged = segment.clone();
            damaged[at] ^= (byte) 0xFF;
            Files.write(dir.resolve(FIRST), damaged);
            log.clear();

            assertEquals(List.of(RECORDS.getFirst(), SampleRecords.delivery(9, 1)), readRecords(), "byte " + at);
            assertEquals(1, log.warnings().size(), "byte " + at + ": " + log.warnings());
            String warning = log.warnings().getFirst();
            assertTrue(warning.startsWith("journal segment " + FIRST + " offset " + starts[1] + ": ")
                    && warning.endsWith("; ignoring the rest of this segment"), warning);
        }
    }

    @Test
    void aFlippedByteInTheMiddleOfARecordIsReportedAsAChecksumMismatch() throws IOException {
        byte[] segment = writeSegment();
        long[] starts = recordStarts();
        int middle = (int) ((starts[1] + starts[2]) / 2);
        segment[middle] ^= 0x01;
        Files.write(dir.resolve(FIRST), segment);

        assertEquals(List.of(RECORDS.getFirst()), readRecords());
        assertEquals(List.of(warning(FIRST, starts[1], "record checksum mismatch")), log.warnings());
    }

    @Test
    void zeroesWhereRecordsShouldBeAreNotRecords() throws IOException {
        // Some filesystems expose a crashed append as a run of zero bytes at the end of the file.
        byte[] segment = writeSegment();
        long[] starts = recordStarts();
        Arrays.fill(segment, (int) starts[3], segment.length, (byte) 0);
        Files.write(dir.resolve(FIRST), segment);

        assertEquals(RECORDS.subList(0, 3), readRecords());
        assertEquals(List.of(warning(FIRST, starts[3], "record checksum mismatch")), log.warnings());
    }

    private byte[] writeSegment() throws IOException {
        try (Journal journal = Journal.open(dir, "inst")) {
            journal.append(RECORDS);
        }
        return Files.readAllBytes(dir.resolve(FIRST));
    }

    private long[] recordStarts() throws IOException {
        try (Stream<JournalEntry> entries = JournalReader.readAll(dir)) {
            return entries.mapToLong(e -> e.position().offset()).toArray();
        }
    }

    private List<JournalRecord> readRecords() throws IOException {
        try (Stream<JournalEntry> entries = JournalReader.readAll(dir)) {
            return entries.map(JournalEntry::record).toList();
        }
    }

    private static int completeRecordsBefore(long[] starts, long length, int cut) {
        int complete = 0;
        while (complete < starts.length && end(starts, length, complete) <= cut) {
            complete++;
        }
        return complete;
    }

    private static long end(long[] starts, long length, int record) {
        return record + 1 < starts.length ? starts[record + 1] : length;
    }

    private static List<String> expectedTornWarnings(long[] starts, long length, int cut) {
        int torn = completeRecordsBefore(starts, length, cut);
        long start = starts[torn];
        if (cut == start) {
            return List.of();
        }
        String reason = cut - start < RecordFrame.HEADER_BYTES
                ? "file ends inside the record header"
                : "record of " + (end(starts, length, torn) - start) + " bytes runs past the end of the file (" + cut
                + " bytes)";
        return List.of(warning(FIRST, start, reason));
    }

    private static String headerReason(int cut) {
        if (cut == 0) {
            return "empty file";
        }
        if (cut < SegmentHeader.MAGIC.length) {
            return "not a journal segment (bad magic)";
        }
        return "header truncated after " + cut + " bytes";
    }

    static String warning(String segment, long offset, String reason) {
        return "journal segment " + segment + " offset " + offset + ": " + reason + "; ignoring the rest of this segment";
    }
}
