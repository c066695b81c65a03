package org.mailstore.store.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.journal.JournalRecord.MessageAppended;

/**
 * A failed write, fsync or segment roll leaves the file in an unknown state. The failure is made real here by taking
 * every name the journal could roll to, so the roll's {@code CREATE_NEW} fails.
 */
class JournalFailureTest {

    private static final int COLLISIONS = 100;

    @TempDir
    Path dir;

    @Test
    void afterAFailedRollTheCallerGetsTheErrorAndLaterAppendsAreRefusedUntilReopened() throws IOException {
        List<JournalRecord> acknowledged = new ArrayList<>();
        try (Journal journal = Journal.open(dir, "inst", Journal.MIN_SEGMENT_BYTES)) {
            occupyNextSegmentNames();
            IOException failure = null;
            for (long uid = 1; failure == null; uid++) {
                JournalRecord r = SampleRecords.delivery(1, uid);
                try {
                    journal.append(List.of(r));
                    acknowledged.add(r);
                } catch (IOException e) {
                    failure = e;
                }
            }
            assertEquals("journal inst in " + dir + " could not make the records durable", failure.getMessage());
            assertInstanceOf(FileAlreadyExistsException.class, failure.getCause());

            var refused = assertThrows(IOException.class, () -> journal.append(List.of(SampleRecords.delivery(2, 1))));
            assertEquals("journal inst in " + dir + " failed earlier and refuses appends until it is reopened",
                    refused.getMessage());
            assertEquals(failure.getCause(), refused.getCause());
        }

        try (Journal reopened = Journal.open(dir, "inst", Journal.MIN_SEGMENT_BYTES)) {
            reopened.append(List.of(SampleRecords.delivery(3, 1)));
        }
        assertEquals("inst-%012d.journal".formatted(COLLISIONS + 2), JournalReader.segments(dir).getLast());
        List<JournalRecord> expected = new ArrayList<>(acknowledged);
        expected.add(SampleRecords.delivery(3, 1));
        assertEquals(expected, readRecords());
    }

    @Test
    void concurrentCallersEachLearnTheOutcomeAndEveryAcknowledgedRecordIsReadable() throws Exception {
        ConcurrentLinkedQueue<MessageAppended> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<IOException> failures = new ConcurrentLinkedQueue<>();
        int callers = 64;
        int appendsEach = 20;
        try (Journal journal = Journal.open(dir, "inst", Journal.MIN_SEGMENT_BYTES)) {
            occupyNextSegmentNames();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < callers; c++) {
                    long account = c;
                    threads.submit(() -> {
                        for (long uid = 1; uid <= appendsEach; uid++) {
                            MessageAppended r = SampleRecords.delivery(account, uid);
                            try {
                                journal.append(List.of(r));
                                acknowledged.add(r);
                            } catch (IOException e) {
                                failures.add(e);
                            }
                        }
                    });
                }
            }
        }

        assertEquals(callers * appendsEach, acknowledged.size() + failures.size());
        assertTrue(!failures.isEmpty(), "the roll must have failed");
        Set<JournalRecord> read = new HashSet<>(readRecords());
        for (MessageAppended r : acknowledged) {
            assertTrue(read.contains(r), "acknowledged but not readable: " + r);
        }
    }

    private void occupyNextSegmentNames() throws IOException {
        for (long seq = 2; seq <= COLLISIONS + 1; seq++) {
            Files.createFile(dir.resolve(new SegmentName("inst", seq).fileName()));
        }
    }

    private List<JournalRecord> readRecords() throws IOException {
        try (Stream<JournalEntry> entries = JournalReader.readAll(dir)) {
            return entries.map(JournalEntry::record).toList();
        }
    }
}
