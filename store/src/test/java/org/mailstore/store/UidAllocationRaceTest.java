package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Invariant 4 under contention: concurrent appenders to one mailbox never share or reorder UIDs. */
class UidAllocationRaceTest {
    static final int APPENDERS = 8;
    static final int PER_APPENDER = 25;
    @RegisterExtension
    static final StoreFixture f = new StoreFixture();

    @Test
    void eightConcurrentAppendersGetStrictlyAscendingNeverDuplicatedUids() throws Exception {
        Account a = f.account("race@example.org");
        List<Future<List<AppendResult>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < APPENDERS; t++) {
                int appender = t;
                futures.add(pool.submit(() -> {
                    List<AppendResult> mine = new ArrayList<>();
                    for (int i = 0; i < PER_APPENDER; i++) {
                        mine.add(f.append(a, "INBOX", StoreFixture.message("m" + appender + "-" + i, "body " + appender + " " + i)));
                    }
                    return mine;
                }));
            }
        }
        Set<Long> all = new HashSet<>();
        for (Future<List<AppendResult>> fut : futures) {
            long previousUid = 0, previousModseq = 0;
            for (AppendResult r : fut.get()) {
                assertTrue(r.uid() > previousUid, "each appender sees its UIDs strictly ascending");
                assertTrue(r.modseq() > previousModseq, "and its MODSEQs too");
                previousUid = r.uid();
                previousModseq = r.modseq();
                assertTrue(all.add(r.uid()), "UID " + r.uid() + " given twice");
            }
        }
        assertEquals(APPENDERS * PER_APPENDER, all.size());
        MailboxInfo inbox = f.mailbox(a, "INBOX");
        assertEquals(APPENDERS * PER_APPENDER + 1, inbox.uidNext());
        List<MessageView> rows = f.store.messages().list(a, inbox.id());
        assertEquals(APPENDERS * PER_APPENDER, rows.size());
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i).modseq() > rows.get(i - 1).modseq(), "MODSEQ grows with UID: committed in UID order");
        }
        assertEquals(rows.getLast().modseq(), inbox.highestModseq());
    }
}
