package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.FileBlobStore;
import org.mailstore.store.maintenance.BlobCache;
import org.mailstore.store.maintenance.MaintenanceLock;
import org.mailstore.store.maintenance.Progress;

class GarbageCollectorTest {
    /** Files older than this count as old in these tests; the test waits twice as long between old and young. */
    /** Long enough that the young blob outlives a site restart on a loaded machine (1 s did not). */
    static final Duration GRACE = Duration.ofSeconds(4);

    @TempDir
    Path base;

    @Test
    void sweepsOnlyOldBlobsNoMessageAndNoRetainedJournalRecordNames() throws Exception {
        try (Site site = Site.fresh(base)) {
            FileBlobStore blobs = new FileBlobStore(site.blobDir, 2);
            site.account("alice@example.org");
            BlobId kept = BlobId.fromHex(site.deliver(Site.message("kept", "referenced"), "alice@example.org").getFirst().blobHash());
            BlobId expunged = BlobId.fromHex(site.deliver(Site.message("expunged", "journal still names it"), "alice@example.org")
                    .getFirst().blobHash());
            site.expunge("alice@example.org", "INBOX", 2);
            BlobId orphan = put(blobs, "never delivered");
            Path staleTemp = Files.writeString(site.blobDir.resolve("tmp").resolve("put-1-1-crashed.tmp"), "half a message");
            Thread.sleep(2 * GRACE.toMillis() + 100);
            BlobId young = put(blobs, "just stored");
            Path youngTemp = Files.writeString(site.blobDir.resolve("tmp").resolve("put-1-2-running.tmp"), "a put in progress");
            GarbageCollector gc = new GarbageCollector(site.setup());

            GcResult dry = gc.collect(new GcOptions(GRACE, true), Progress.NONE);
            assertEquals(new GcResult(4, 1, 1, 1, 1, dry.bytesFreed(), 0, 1, true, dry.elapsed()), dry);
            assertTrue(blobs.exists(orphan) && Files.exists(staleTemp), "a dry run deletes nothing");

            GcResult real = gc.collect(new GcOptions(GRACE, false), Progress.NONE);
            assertEquals(new GcResult(4, 1, 1, 1, 1, dry.bytesFreed(), 0, 1, false, real.elapsed()), real);
            assertFalse(blobs.exists(orphan));
            assertFalse(Files.exists(staleTemp));
            assertTrue(blobs.exists(kept) && blobs.exists(expunged) && blobs.exists(young) && Files.exists(youngTemp));

            // A verified backup covered the journal, so its segments were pruned: now nothing names the expunged blob.
            site.stop();
            for (String segment : Site.segments(site.journalDir)) Files.delete(site.journalDir.resolve(segment));
            site.start();
            GcResult pruned = new GarbageCollector(site.setup()).collect(new GcOptions(GRACE, false), Progress.NONE);
            assertEquals(1, pruned.deleted());
            assertFalse(blobs.exists(expunged));
            assertEquals(Set.of(kept), new BlobCache(site.dataSource()).present(List.of(kept, expunged)), "its metadata row went with it");
            assertTrue(blobs.exists(young));

            // The same bytes delivered again are simply stored again.
            String again = site.deliver(Site.message("expunged", "journal still names it"), "alice@example.org").getFirst().blobHash();
            assertEquals(expunged.hex(), again);
            assertTrue(blobs.exists(expunged));
        }
    }

    @Test
    void aMetadataRowWhoseBlobIsGoneIsRemovedUnlessReferenced() throws Exception {
        try (Site site = Site.fresh(base)) {
            FileBlobStore blobs = new FileBlobStore(site.blobDir, 2);
            site.account("bob@example.org");
            BlobId gone = BlobId.fromHex(site.deliver(Site.message("restored away", "x"), "bob@example.org").getFirst().blobHash());
            site.expunge("bob@example.org", "INBOX", 1);
            blobs.delete(gone);
            site.stop();
            for (String segment : Site.segments(site.journalDir)) Files.delete(site.journalDir.resolve(segment));
            site.start();

            GcResult r = new GarbageCollector(site.setup()).collect(new GcOptions(GRACE, false), Progress.NONE);

            assertEquals(1, r.staleRows());
            assertEquals(0, r.deleted());
            assertEquals(Set.of(), new BlobCache(site.dataSource()).present(List.of(gone)));
        }
    }

    @Test
    @SuppressWarnings("try") // the resource is held, not used: its scope is the point
    void gcDoesNotRunBesideAReconcile() throws Exception {
        try (Site site = Site.fresh(base); MaintenanceLock reconciling = MaintenanceLock.acquire(site.dataSource(), "reconcile")) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new GarbageCollector(site.setup()).collect(new GcOptions(GRACE, false), Progress.NONE));
            assertEquals("gc cannot start: another reconcile or gc is running against this database", e.getMessage());
        }
    }

    private static BlobId put(FileBlobStore blobs, String text) throws Exception {
        return blobs.put(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII))).id();
    }
}
