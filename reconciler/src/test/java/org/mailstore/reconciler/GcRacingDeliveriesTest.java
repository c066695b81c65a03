package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.store.DeliveryOutcome;
import org.mailstore.store.StoreException;
import org.mailstore.store.maintenance.Progress;

/**
 * Scenario (g): {@code gc} with no grace period at all, in a loop, while deliveries of the very
 * same bytes keep deduplicating onto the blob it is trying to delete (each copy is expunged again
 * right after, so the blob keeps becoming garbage). The collector reads a journal directory whose
 * segments were all pruned, so nothing but the rows protects the blob. Every acknowledged delivery
 * must be readable while its message exists.
 */
class GcRacingDeliveriesTest {
    @TempDir
    Path base;

    @Test
    void gcRacingDeliveriesOfIdenticalBytesNeverLosesAMessage() throws Exception {
        int threads = 3;
        int rounds = 30;
        // The race is timing-dependent: keep going past the planned rounds until gc has won it at least once.
        int maxRounds = 600;
        try (Site site = Site.fresh(base)) {
            String message = Site.message("popular", "the same bytes for everyone");
            byte[] expected = message.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < threads; i++) site.account("r" + i + "@example.org");
            Path pruned = Files.createDirectories(base.resolve("pruned-journal"));
            MaintenanceSetup s = site.setup();
            GarbageCollector gc = new GarbageCollector(new MaintenanceSetup(s.dataSource(), s.blobDir(), 2, pruned, "gc", s.workDir(), 1 << 16));
            AtomicBoolean delivering = new AtomicBoolean(true);
            AtomicLong deleted = new AtomicLong();
            AtomicLong runs = new AtomicLong();
            List<String> lost = Collections.synchronizedList(new ArrayList<>());
            List<StoreException.Reason> refused = Collections.synchronizedList(new ArrayList<>());

            try (ExecutorService pool = Executors.newFixedThreadPool(threads + 1)) {
                Future<?> collector = pool.submit(() -> {
                    while (delivering.get()) {
                        deleted.addAndGet(gc.collect(new GcOptions(Duration.ZERO, false), Progress.NONE).deleted());
                        runs.incrementAndGet();
                    }
                    return null;
                });
                List<Future<?>> deliverers = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    String address = "r" + i + "@example.org";
                    deliverers.add(pool.submit(() -> {
                        for (int r = 0; r < rounds || (deleted.get() == 0 && r < maxRounds); r++) {
                            DeliveryOutcome o;
                            try {
                                o = site.deliver(message, address).getFirst();
                            } catch (StoreException e) {
                                refused.add(e.reason());
                                continue;
                            }
                            try (var in = Channels.newInputStream(site.store().messages().open(o.blobHash()))) {
                                if (!Arrays.equals(expected, in.readAllBytes())) lost.add(address + " uid " + o.uid() + " damaged");
                            } catch (StoreException e) {
                                lost.add(address + " uid " + o.uid() + ": " + e.getMessage());
                            }
                            site.expunge(address, "INBOX", o.uid());
                        }
                        return null;
                    }));
                }
                for (Future<?> d : deliverers) d.get();
                delivering.set(false);
                collector.get();
            }

            assertEquals(List.of(), lost, "acknowledged messages whose blob gc deleted");
            assertTrue(deleted.get() > 0, "gc must have deleted the blob between deliveries (" + runs + " runs)");
            assertTrue(refused.stream().allMatch(r -> r == StoreException.Reason.BLOB_STORE_FAILURE), refused.toString());
            assertTrue(refused.size() < threads * rounds, "most deliveries succeed (" + refused.size() + " refused)");
        }
    }
}
