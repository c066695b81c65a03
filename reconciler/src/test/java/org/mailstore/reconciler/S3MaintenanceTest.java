package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.S3BlobLocation;
import org.mailstore.blobstore.S3BlobStore;
import org.mailstore.blobstore.testing.S3ProxyFixture;
import org.mailstore.store.maintenance.Progress;

/** Reconcile and gc against a real S3-compatible server (s3proxy, objects as files), each test in its own key prefix. */
class S3MaintenanceTest {
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    @RegisterExtension
    static final S3ProxyFixture s3 = new S3ProxyFixture();

    @TempDir
    Path base;

    private S3BlobLocation location() {
        return s3.server().location("maint" + PREFIXES.incrementAndGet() + "/blobs", base.resolve("spool"));
    }

    @Test
    void reconcileCheckIsCleanAfterDeliveries() throws Exception {
        try (Site site = Site.fresh(base, location())) {
            site.account("alice@example.org");
            site.deliver(Site.message("one", "first"), "alice@example.org");
            site.deliver(Site.message("two", "second"), "alice@example.org");
            site.deliver(Site.message("one", "first"), "alice@example.org");

            ReconcileResult r = site.reconcile(ReconcileOptions.checking().withVerifyContent());

            assertEquals(Map.of(), r.counts());
            assertEquals(0, r.exitCode());
            assertEquals(2, r.blobsScanned());
        }
    }

    @Test
    void aPopulationInABucketReconcilesCleanly() throws Exception {
        S3BlobLocation location = location();
        try (Site site = Site.fresh(base, location); S3BlobStore blobs = S3BlobStore.open(location)) {
            Populator.Result r = new Populator(site.setup()).run(new Populator.Options(200, 8, 7), Progress.NONE);
            assertEquals(200, r.blobs());
            try (java.util.stream.Stream<BlobId> objects = blobs.walk()) {
                assertEquals(200, objects.count());
            }
            ReconcileResult check = site.reconcile(ReconcileOptions.checking().withVerifyContent());
            assertEquals(0, check.exitCode(), check.counts().toString());
            assertEquals(200, check.blobsScanned());
            assertEquals(Map.of(), check.counts());
        }
    }

    @Test
    void gcDeletesOldOrphansOnlyAndNeverAReferencedObject() throws Exception {
        S3BlobLocation location = location();
        try (Site site = Site.fresh(base, location); S3BlobStore blobs = S3BlobStore.open(location)) {
            site.account("alice@example.org");
            BlobId referenced = BlobId.fromHex(site.deliver(Site.message("kept", "referenced"), "alice@example.org").getFirst().blobHash());
            BlobId old = blobs.put(ascii("never delivered")).id();
            Thread.sleep(2 * GRACE.toMillis() + 1_100); // LastModified has whole seconds
            BlobId young = blobs.put(ascii("just stored")).id();

            GcResult r = new GarbageCollector(site.setup()).collect(new GcOptions(GRACE, false), Progress.NONE);

            assertEquals(3, r.blobsScanned());
            assertEquals(1, r.referenced());
            assertEquals(1, r.tooYoung());
            assertEquals(1, r.deleted());
            assertEquals("never delivered".length(), r.bytesFreed());
            assertFalse(blobs.exists(old));
            assertTrue(blobs.exists(young));
            assertTrue(blobs.exists(referenced));
            assertEquals(0, site.reconcile(ReconcileOptions.checking()).needingAction());
        }
    }

    @Test
    void aDamagedObjectIsReportedAndQuarantinedUnderTheQuarantinePrefix() throws Exception {
        S3BlobLocation location = location();
        try (Site site = Site.fresh(base, location); S3BlobStore blobs = S3BlobStore.open(location)) {
            site.account("alice@example.org");
            BlobId damaged = BlobId.fromHex(site.deliver(Site.message("damaged", "bytes flipped"), "alice@example.org").getFirst().blobHash());
            Path object = s3.server().bucketDirectory().resolve(blobs.keyOf(damaged));
            Files.writeString(object, Files.readString(object).replace("flipped", "FLIPPED"));

            ReconcileResult check = site.reconcile(ReconcileOptions.checking().withVerifyContent());
            assertEquals(1L, check.counts().get(FindingKind.CORRUPT_BLOB));
            assertTrue(blobs.exists(damaged), "a check moves nothing");

            ReconcileResult repair = site.reconcile(ReconcileOptions.repairing().withVerifyContent().withMissing(MissingPolicy.EXPUNGE));
            assertEquals(1L, repair.counts().get(FindingKind.CORRUPT_BLOB));
            assertFalse(blobs.exists(damaged));
            String quarantined = location.prefix() + "/" + S3BlobStore.QUARANTINE_DIRECTORY + "/" + damaged.hex();
            assertTrue(Files.readString(s3.server().bucketDirectory().resolve(quarantined)).contains("FLIPPED"));
            assertEquals(0, site.messages("alice@example.org", "INBOX").size());
        }
    }

    private static ByteArrayInputStream ascii(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }
}
