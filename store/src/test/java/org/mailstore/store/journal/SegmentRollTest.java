package org.mailstore.store.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentRollTest {

    private static final long SMALL_SEGMENT_BYTES = Journal.MIN_SEGMENT_BYTES;

    @TempDir
    Path dir;

    @Test
    void aNewSegmentStartsWhenTheCurrentOneWouldGrowPastTheLimit() throws IOException {
        List<JournalRecord> written = new ArrayList<>();
        try (Journal journal = Journal.open(dir, "inst", SMALL_SEGMENT_BYTES)) {
            for (long uid = 1; uid <= 40; uid++) {
                written.add(SampleRecords.delivery(1, uid));
                journal.append(List.of(written.getLast()));
            }
        }

        List<String> segments = JournalReader.segments(dir);
        assertTrue(segments.size() >= 4, "expected several segments, got " + segments);
        for (int i = 0; i < segments.size(); i++) {
            assertEquals("inst-%012d.journal".formatted(i + 1), segments.get(i));
            assertTrue(Files.size(dir.resolve(segments.get(i))) <= SMALL_SEGMENT_BYTES, segments.get(i));
        }
        List<JournalEntry> entries = readAll();
        assertEquals(written, entries.stream().map(JournalEntry::record).toList());
        assertEquals(segments, entries.stream().map(e -> e.position().segment()).distinct().toList());
    }

    @Test
    void concurrentAppendsGroupedIntoOneWriteStillRespectTheLimit() throws Exception {
        try (Journal journal = Journal.open(dir, "inst", SMALL_SEGMENT_BYTES)) {
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (long account = 1; account <= 16; account++) {
                    long a = account;
                    threads.submit(() -> {
                        for (long uid = 1; uid <= 50; uid++) {
                            journal.append(List.of(SampleRecords.delivery(a, uid)));
                        }
                        return null;
                    });
                }
            }
        }

        for (String segment : JournalReader.segments(dir)) {
            assertTrue(Files.size(dir.resolve(segment)) <= SMALL_SEGMENT_BYTES,
                    segment + " has " + Files.size(dir.resolve(segment)) + " bytes");
        }
        assertEquals(16 * 50, readAll().size());
    }

    @Test
    void oneAppendLargerThanASegmentGetsASegmentOfItsOwn() throws IOException {
        List<JournalRecord> big = new ArrayList<>();
        for (long uid = 1; uid <= 20; uid++) {
            big.add(SampleRecords.delivery(1, uid));
        }
        try (Journal journal = Journal.open(dir, "inst", SMALL_SEGMENT_BYTES)) {
            journal.append(List.of(SampleRecords.delivery(2, 1)));
            journal.append(big);
            journal.append(List.of(SampleRecords.delivery(2, 2)));
        }

        List<JournalEntry> entries = readAll();
        assertEquals(22, entries.size());
        assertEquals("inst-000000000001.journal", entries.getFirst().position().segment());
        assertEquals(List.of("inst-000000000002.journal"),
                entries.subList(1, 21).stream().map(e -> e.position().segment()).distinct().toList());
        assertEquals("inst-000000000003.journal", entries.getLast().position().segment());
    }

    @Test
    void reopeningStartsANewSegmentInsteadOfAppendingToTheOldOne() throws IOException {
        try (Journal journal = Journal.open(dir, "inst")) {
            journal.append(List.of(SampleRecords.delivery(1, 1), SampleRecords.delivery(1, 2)));
        }
        long firstSize = Files.size(dir.resolve("inst-000000000001.journal"));
        try (Journal journal = Journal.open(dir, "inst")) {
            journal.append(List.of(SampleRecords.delivery(1, 3)));
        }

        assertEquals(firstSize, Files.size(dir.resolve("inst-000000000001.journal")));
        assertEquals(List.of("inst-000000000001.journal", "inst-000000000002.journal"), JournalReader.segments(dir));
        assertEquals(List.of(SampleRecords.delivery(1, 1), SampleRecords.delivery(1, 2), SampleRecords.delivery(1, 3)),
                readAll().stream().map(JournalEntry::record).toList());
    }

    @Test
    void aJournalThatAppendsNothingLeavesNoSegmentBehind() throws IOException {
        for (int i = 0; i < 3; i++) {
            try (Journal ignored = Journal.open(dir, "reader")) {
                // a CLI command that only lists opens the store, and so the journal, and appends nothing
            }
        }
        assertEquals(List.of(), JournalReader.segments(dir));
        try (Journal journal = Journal.open(dir, "reader")) {
            journal.append(List.of(SampleRecords.delivery(1, 1)));
        }
        assertEquals(List.of("reader-000000000001.journal"), JournalReader.segments(dir));
    }

    @Test
    void reopeningAfterATornTailLeavesTheTornSegmentAlone() throws IOException {
        try (Journal journal = Journal.open(dir, "inst")) {
            journal.append(List.of(SampleRecords.delivery(1, 1), SampleRecords.delivery(1, 2)));
        }
        Path first = dir.resolve("inst-000000000001.journal");
        byte[] bytes = Files.readAllBytes(first);
        Files.write(first, java.util.Arrays.copyOf(bytes, bytes.length - 7));

        try (Journal journal = Journal.open(dir, "inst")) {
            journal.append(List.of(SampleRecords.delivery(1, 3)));
        }

        assertEquals(bytes.length - 7, Files.size(first));
        assertEquals(List.of(SampleRecords.delivery(1, 1), SampleRecords.delivery(1, 3)),
                readAll().stream().map(JournalEntry::record).toList());
    }

    @Test
    void instancesSharingADirectoryAreReadTogetherEachInItsOwnOrder() throws IOException {
        // "a-1" contains a dash followed by digits: its files must not be mistaken for segments of "a".
        try (Journal b = Journal.open(dir, "b"); Journal a = Journal.open(dir, "a"); Journal a1 = Journal.open(dir, "a-1")) {
            for (long uid = 1; uid <= 3; uid++) {
                b.append(List.of(SampleRecords.delivery(3, uid)));
                a1.append(List.of(SampleRecords.delivery(2, uid)));
                a.append(List.of(SampleRecords.delivery(1, uid)));
            }
        }
        try (Journal a = Journal.open(dir, "a")) {
            a.append(List.of(SampleRecords.delivery(1, 4)));
        }

        assertEquals(List.of("a-000000000001.journal", "a-000000000002.journal", "a-1-000000000001.journal",
                "b-000000000001.journal"), JournalReader.segments(dir));
        assertEquals(List.of(
                        SampleRecords.delivery(1, 1), SampleRecords.delivery(1, 2), SampleRecords.delivery(1, 3),
                        SampleRecords.delivery(1, 4),
                        SampleRecords.delivery(2, 1), SampleRecords.delivery(2, 2), SampleRecords.delivery(2, 3),
                        SampleRecords.delivery(3, 1), SampleRecords.delivery(3, 2), SampleRecords.delivery(3, 3)),
                readAll().stream().map(JournalEntry::record).toList());
    }

    @Test
    void instanceIdsOutsideTheSafeCharacterSetAreRefused() {
        for (String bad : List.of("", "a/b", "../x", "a b", "héllo", "a\nb", "x".repeat(65), "a:b", "a\\b")) {
            var e = assertThrows(IllegalArgumentException.class, () -> Journal.open(dir, bad), bad);
            assertTrue(e.getMessage().startsWith(
                    "journal instance id must be 1..64 characters of [A-Za-z0-9_.-], got \""), e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Journal.open(dir, "a\nb"));
        assertEquals("journal instance id must be 1..64 characters of [A-Za-z0-9_.-], got \"a\\u000ab\"",
                e.getMessage());
        assertThrows(NullPointerException.class, () -> Journal.open(dir, null));
    }

    @Test
    void theLongestAllowedInstanceIdWorks() throws IOException {
        String id = "Az09_.-".repeat(9) + "x";
        assertEquals(64, id.length());
        try (Journal journal = Journal.open(dir, id)) {
            journal.append(List.of(SampleRecords.delivery(1, 1)));
        }
        assertEquals(List.of(id + "-000000000001.journal"), JournalReader.segments(dir));
        assertEquals(1, readAll().size());
    }

    @Test
    void aSegmentLimitBelowTheMinimumIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Journal.open(dir, "inst", 1023));
        assertEquals("segmentBytes must be at least 1024, got 1023", e.getMessage());
    }

    @Test
    void openCreatesTheDirectory() throws IOException {
        Path nested = dir.resolve("data/journal");
        try (Journal journal = Journal.open(nested, "inst")) {
            journal.append(List.of(SampleRecords.delivery(1, 1)));
        }
        assertEquals(List.of("inst-000000000001.journal"), JournalReader.segments(nested));
    }

    @Test
    void appendAfterCloseFailsAndCloseIsIdempotent() throws IOException {
        Journal journal = Journal.open(dir, "inst");
        journal.close();
        journal.close();
        var e = assertThrows(IOException.class, () -> journal.append(List.of(SampleRecords.delivery(1, 1))));
        assertEquals("journal inst in " + dir + " is closed", e.getMessage());
    }

    private List<JournalEntry> readAll() throws IOException {
        try (Stream<JournalEntry> entries = JournalReader.readAll(dir)) {
            return entries.toList();
        }
    }
}
