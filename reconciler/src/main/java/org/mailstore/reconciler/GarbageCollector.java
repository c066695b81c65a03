package org.mailstore.reconciler;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.FileBlobStore;
import org.mailstore.store.maintenance.BlobCollector;
import org.mailstore.store.maintenance.BlobScan;
import org.mailstore.store.maintenance.MaintenanceLock;
import org.mailstore.store.maintenance.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mailstore gc}: mark and sweep of the blob tree (invariant 6: blobs are deleted by garbage
 * collection only). Marked are blobs referenced by a message and blobs named by a journal record
 * still retained (a reconcile may replay it). Swept are the others once older than the grace
 * period, through {@link BlobCollector}, which re-checks references under a row lock at delete
 * time, so a delivery that deduplicates onto a blob at that very moment is never left without
 * its bytes. May run while the servers run; not beside a reconcile ({@link MaintenanceLock}).
 */
public final class GarbageCollector {
    private static final Logger log = LoggerFactory.getLogger(GarbageCollector.class);

    private final MaintenanceSetup setup;

    public GarbageCollector(MaintenanceSetup setup) {
        this.setup = setup;
    }

    @SuppressWarnings("try") // the resource is held, not used: its scope is the point
    public GcResult collect(GcOptions options, Progress progress) throws IOException {
        Instant started = Instant.now();
        Instant cutoff = started.minus(options.grace());
        FileBlobStore blobs = new FileBlobStore(setup.blobDir(), setup.blobFanout());
        Sweep sweep = new Sweep(blobs, new BlobCollector(setup.dataSource()), cutoff, options.dryRun());
        try (MaintenanceLock lock = MaintenanceLock.acquire(setup.dataSource(), "gc")) {
            progress.phase("journal", -1);
            try (JournalIndex journal = JournalIndex.read(setup.journalDir(), setup.workDir(), setup.sortRunBytes(),
                    JournalIndex.Scope.BLOBS, progress)) {
                progress.done();
                BlobScan scan = new BlobScan(setup.dataSource());
                try (CloseableIterator<BlobId> named = journal.blobs();
                     CloseableIterator<BlobId> disk = HashOrderWalk.of(setup.blobDir(), setup.blobFanout())) {
                    progress.phase(options.dryRun() ? "sweep (dry run)" : "sweep", Math.max(scan.count(), 1));
                    sweep.run(disk, scan, named, progress);
                    progress.done();
                }
            }
            long temps = removeStaleTemps(setup.blobDir().resolve(FileBlobStore.TEMP_DIRECTORY), cutoff, options.dryRun());
            GcResult r = new GcResult(sweep.scanned, sweep.referenced, sweep.journalNamed, sweep.young, sweep.deleted, sweep.bytes,
                    sweep.staleRows, temps, options.dryRun(), Duration.between(started, Instant.now()));
            log.info("gc: {}", r.summary());
            return r;
        }
    }

    /** The merge and the batches of deletions. */
    private static final class Sweep {
        private final FileBlobStore blobs;
        private final BlobCollector collector;
        private final Instant cutoff;
        private final boolean dryRun;
        private final List<BlobId> batch = new ArrayList<>();
        long scanned;
        long referenced;
        long journalNamed;
        long young;
        long deleted;
        long bytes;
        long staleRows;

        Sweep(FileBlobStore blobs, BlobCollector collector, Instant cutoff, boolean dryRun) {
            this.blobs = blobs;
            this.collector = collector;
            this.cutoff = cutoff;
            this.dryRun = dryRun;
        }

        void run(CloseableIterator<BlobId> disk, BlobScan scan, CloseableIterator<BlobId> journal, Progress progress) throws IOException {
            try (Stream<BlobScan.Row> rows = scan.inHashOrder()) {
                CloseableIterator<BlobScan.Row> db = CloseableIterator.of(rows.iterator(), rows);
                while (disk.hasNext() || db.hasNext() || journal.hasNext()) {
                    byte[] hash = HashMerge.smallest(disk.peek(), db.peek() == null ? null : db.peek().id(), journal.peek());
                    boolean onDisk = HashMerge.take(disk, hash);
                    BlobScan.Row row = db.hasNext() && Arrays.equals(db.peek().id().bytes(), hash) ? db.next() : null;
                    boolean journaled = HashMerge.take(journal, hash);
                    consider(BlobId.of(hash), onDisk, row == null ? -1 : row.references(), journaled);
                    if (onDisk) progress.advance(1);
                }
            }
            flush();
        }

        private void consider(BlobId id, boolean onDisk, long references, boolean journaled) throws IOException {
            if (onDisk) scanned++;
            if (references > 0) {
                if (onDisk) referenced++;
                return;
            }
            if (journaled) {
                if (onDisk) journalNamed++;
                return;
            }
            if (!onDisk) {
                if (references == 0) {
                    staleRows++;
                    add(id);
                }
                return;
            }
            Instant arrived;
            try {
                arrived = FileAge.lastArrival(blobs.pathOf(id));
            } catch (NoSuchFileException gone) {
                return;
            }
            if (arrived.isAfter(cutoff)) {
                young++;
                return;
            }
            add(id);
        }

        private void add(BlobId id) {
            batch.add(id);
            if (batch.size() >= BlobCollector.BATCH) flush();
        }

        private void flush() {
            if (batch.isEmpty()) return;
            if (dryRun) {
                for (BlobId id : batch) count(id);
            } else {
                collector.collect(List.copyOf(batch), this::remove);
            }
            batch.clear();
        }

        /** Called with the blob's row held for deletion. */
        private void remove(BlobId id) throws IOException {
            long size = count(id);
            if (size >= 0) blobs.delete(id);
        }

        /** Counts a blob that is (or would be) deleted; -1 when it has no file (a stale row only). */
        private long count(BlobId id) {
            try {
                long size = Files.size(blobs.pathOf(id));
                deleted++;
                bytes += size;
                return size;
            } catch (IOException e) {
                return -1;
            }
        }
    }

    /** Temp files of puts that crashed; younger ones may belong to a put still running in any process. */
    private static long removeStaleTemps(Path tmp, Instant cutoff, boolean dryRun) throws IOException {
        if (!Files.isDirectory(tmp)) return 0;
        long removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
            for (Path f : files) {
                try {
                    if (!Files.isRegularFile(f) || FileAge.lastArrival(f).isAfter(cutoff)) continue;
                    if (!dryRun) Files.delete(f);
                    removed++;
                } catch (NoSuchFileException gone) {
                    // its put finished or another gc removed it
                }
            }
        }
        return removed;
    }

}
