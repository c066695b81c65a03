package org.mailstore.store.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.journal.JournalRecord.MessageAppended;

class GroupCommitTest {

    private static final int THREADS = 16;
    private static final int APPENDS_PER_THREAD = 500;

    @TempDir
    Path dir;

    @Test
    void concurrentAppendsShareFsyncsAndNoneIsLostOrDuplicated() throws Exception {
        long forcesForAppends;
        try (Journal journal = Journal.open(dir, "inst")) {
            long forcesBefore = journal.forceCount();
            CountDownLatch start = new CountDownLatch(1);
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    long account = t;
                    done.add(threads.submit(() -> {
                        start.await();
                        for (long uid = 1; uid <= APPENDS_PER_THREAD; uid++) {
                            journal.append(List.of(SampleRecords.delivery(account, uid)));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get();
                }
            }
            forcesForAppends = journal.forceCount() - forcesBefore;
        }

        Map<Long, List<Long>> uidsByAccount = new HashMap<>();
        try (Stream<JournalEntry> entries = JournalReader.readAll(dir)) {
            entries.forEach(e -> {
                MessageAppended m = (MessageAppended) e.record();
                assertEquals(SampleRecords.delivery(m.accountId(), m.uid()), m);
                uidsByAccount.computeIfAbsent(m.accountId(), a -> new ArrayList<>()).add(m.uid());
            });
        }
        List<Long> expectedUids = java.util.stream.LongStream.rangeClosed(1, APPENDS_PER_THREAD).boxed().toList();
        assertEquals(THREADS, uidsByAccount.size());
        // Exactly once each, and in each thread's own order.
        uidsByAccount.forEach((account, uids) -> assertEquals(expectedUids, uids, "account " + account));

        int appends = THREADS * APPENDS_PER_THREAD;
        assertTrue(forcesForAppends * 4 < appends,
                "group commit should need far fewer fsyncs than appends: " + forcesForAppends + " for " + appends);
    }

    @Test
    void anInterruptedCallerStillGetsADurableAppendAndDoesNotBreakTheJournal() throws Exception {
        try (Journal journal = Journal.open(dir, "inst")) {
            Thread caller = Thread.ofVirtual().start(() -> {
                Thread.currentThread().interrupt();
                try {
                    journal.append(List.of(SampleRecords.delivery(1, 1)));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                assertTrue(Thread.currentThread().isInterrupted(), "interrupt status must be kept for the caller");
            });
            caller.join();

            journal.append(List.of(SampleRecords.delivery(1, 2)));
        }

        try (Stream<JournalEntry> entries = JournalReader.readAll(dir)) {
            assertEquals(List.of(SampleRecords.delivery(1, 1), SampleRecords.delivery(1, 2)),
                    entries.map(JournalEntry::record).toList());
        }
    }
}
