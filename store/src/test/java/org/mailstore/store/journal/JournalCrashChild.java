package org.mailstore.store.journal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run in a separate JVM by {@link JournalCrashTest}: appends from several virtual threads until it is killed, printing
 * {@code ack <uid>.} (and flushing) after each append returned. The final dot lets the parent reject a line cut short by
 * the kill.
 */
public final class JournalCrashChild {

    static final int THREADS = 8;
    static final long SEGMENT_BYTES = 64 << 10;

    private JournalCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PrintStream out = System.out;
        AtomicLong uids = new AtomicLong();
        Journal journal = Journal.open(dir, "crash", SEGMENT_BYTES);
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            threads[t] = Thread.ofVirtual().start(() -> {
                while (true) {
                    long uid = uids.incrementAndGet();
                    try {
                        journal.append(List.of(SampleRecords.delivery(1, uid)));
                    } catch (IOException e) {
                        e.printStackTrace();
                        return;
                    }
                    synchronized (out) {
                        out.print("ack " + uid + ".\n");
                        out.flush();
                    }
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
