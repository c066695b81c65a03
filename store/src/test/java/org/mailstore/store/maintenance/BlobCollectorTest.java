package org.mailstore.store.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.FileBlobStore;
import org.mailstore.store.Account;
import org.mailstore.store.DeliveryOutcome;
import org.mailstore.store.Recipient;
import org.mailstore.store.StoreException;
import org.mailstore.store.StoreFixture;

class BlobCollectorTest {
    static StoreFixture f;
    static FileBlobStore blobs;
    static BlobCollector collector;

    @BeforeAll
    static void start() throws Exception {
        f = new StoreFixture();
        blobs = new FileBlobStore(f.blobDir, 2);
        collector = new BlobCollector(f.dataSource);
    }

    @AfterAll
    static void stop() throws Exception {
        f.close();
    }

    @Test
    void anUnreferencedBlobGoesWithItsRowAReferencedOneStays() throws Exception {
        Account a = f.account("sweep@example.org");
        BlobId kept = BlobId.fromHex(f.deliver(StoreFixture.message("kept", "k"), new Recipient(a.address())).getFirst().blobHash());
        BlobId gone = BlobId.fromHex(f.deliver(StoreFixture.message("gone", "g"), new Recipient(a.address())).getFirst().blobHash());
        long inbox = f.mailbox(a, "INBOX").id();
        f.store.messages().remove(a, inbox, List.of(2L));

        List<BlobId> deleted = collector.collect(List.of(kept, gone), blobs::delete);

        assertEquals(List.of(gone), deleted);
        assertFalse(blobs.exists(gone));
        assertTrue(blobs.exists(kept));
        assertEquals(Collections.singleton(kept), new BlobCache(f.dataSource).present(List.of(kept, gone)));
    }

    @Test
    void aBlobWithoutARowIsDeletedAndLeavesNoRow() throws Exception {
        BlobId orphan = blobs.put(new ByteArrayInputStream("never delivered".getBytes(StandardCharsets.US_ASCII))).id();

        assertEquals(List.of(orphan), collector.collect(List.of(orphan), blobs::delete));

        assertFalse(blobs.exists(orphan));
        assertEquals(Collections.emptySet(), new BlobCache(f.dataSource).present(List.of(orphan)), "the placeholder row was never committed");
    }

    /**
     * Deliveries of identical bytes (each one deduplicated onto the same blob, then expunged so the
     * blob is garbage again) race a collector sweeping that blob with no grace period at all. Every
     * acknowledged delivery must be readable for as long as its row exists.
     */
    @Test
    void deliveriesOfIdenticalBytesRacingTheCollectorNeverLoseAMessage() throws Exception {
        int threads = 4;
        int rounds = 40;
        String message = StoreFixture.message("race", "the same bytes every time");
        byte[] expected = message.getBytes(StandardCharsets.UTF_8);
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < threads; i++) accounts.add(f.account("race" + i + "@example.org"));
        BlobId id = BlobId.fromHex(f.deliver(message, new Recipient(accounts.getFirst().address())).getFirst().blobHash());
        f.store.messages().remove(accounts.getFirst(), f.mailbox(accounts.getFirst(), "INBOX").id(), List.of(1L));

        AtomicBoolean delivering = new AtomicBoolean(true);
        AtomicInteger sweeps = new AtomicInteger();
        AtomicInteger collected = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<String> lost = Collections.synchronizedList(new ArrayList<>());
        ConcurrentHashMap<StoreException.Reason, Integer> failures = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads + 1)) {
            Future<?> sweeper = pool.submit(() -> {
                while (delivering.get()) {
                    collected.addAndGet(collector.collect(List.of(id), blobs::delete).size());
                    sweeps.incrementAndGet();
                }
                return null;
            });
            List<Future<?>> deliverers = new ArrayList<>();
            for (Account a : accounts) {
                deliverers.add(pool.submit(() -> {
                    long inbox = f.mailbox(a, "INBOX").id();
                    for (int r = 0; r < rounds; r++) {
                        DeliveryOutcome o;
                        try {
                            o = f.deliver(message, new Recipient(a.address())).getFirst();
                        } catch (StoreException e) {
                            failures.merge(e.reason(), 1, Integer::sum);
                            refused.incrementAndGet();
                            continue;
                        }
                        try (var in = Channels.newInputStream(f.store.messages().open(o.blobHash()))) {
                            if (!java.util.Arrays.equals(expected, in.readAllBytes())) lost.add(a.address() + " uid " + o.uid() + " damaged");
                        } catch (StoreException e) {
                            lost.add(a.address() + " uid " + o.uid() + ": " + e.getMessage());
                        }
                        f.store.messages().remove(a, inbox, List.of(o.uid()));
                    }
                    return null;
                }));
            }
            for (Future<?> d : deliverers) d.get();
            delivering.set(false);
            sweeper.get();
        }

        assertEquals(List.of(), lost, "acknowledged messages whose blob was collected");
        assertTrue(collected.get() > 0, "the collector must actually have deleted the blob between deliveries (" + sweeps + " sweeps)");
        assertTrue(failures.keySet().stream().allMatch(r -> r == StoreException.Reason.BLOB_STORE_FAILURE), "only temporary blob failures: " + failures);
        assertTrue(refused.get() < threads * rounds, "most deliveries succeed: " + failures);
        // The last round left every copy expunged, so one more sweep removes the blob for good.
        collector.collect(List.of(id), blobs::delete);
        assertFalse(blobs.exists(id));
    }
}
