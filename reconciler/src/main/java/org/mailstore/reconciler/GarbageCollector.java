package org.mailstore.reconciler;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.mailstore.blobstore.BlobId;
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
        try (BlobArea blobs = BlobArea.open(setup, null);
             MaintenanceLock lock = MaintenanceLock.acquire(setup.dataSource(), "gc")) {
            Sweep sweep = new Sweep(blobs, new BlobCollector(setup.dataSource()), cutoff, options.dryRun());
            progress.phase("journal", -1);
            try (JournalIndex journal = JournalIndex.read(setup.journalDir(), setup.workDir(), setup.sortRunBytes(),
                    JournalIndex.Scope.BLOBS, progress)) {
                progress.done();
                BlobScan scan = new BlobScan(setup.dataSource());
                try (CloseableIterator<BlobId> named = journal.blobs();
                     CloseableIterator<BlobId> disk = blobs.inHashOrder()) {
                    progress.phase(options.dryRun() ? "sweep (dry run)" : "sweep", Math.max(scan.count(), 1));
                    sweep.run(disk, scan, named, progress);
                    progress.done();
                }
            }
            long temps = blobs.removeStaleTemps(cutoff, options.dryRun());
            GcResult r = new GcResult(sweep.scanned, sweep.referenced, sweep.journalNamed, sweep.young, sweep.deleted, sweep.bytes,
                    sweep.staleRows, temps, options.dryRun(), Duration.between(started, Instant.now()));
            log.info("gc: {}", r.summary());
            return r;
        }
    }

    /** The merge and the batches of deletions. */
    private static final class Sweep {
        private final BlobArea blobs;
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

        Sweep(BlobArea blobs, BlobCollector collector, Instant cutoff, boolean dryRun) {
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
            Optional<Instant> arrived = blobs.lastArrival(id);
            if (arrived.isEmpty()) return;
            if (arrived.get().isAfter(cutoff)) {
                young++;
                return;
            }
            add(id);
        }

        private void add(BlobId id) throws IOException {
            batch.add(id);
            if (batch.size() >= BlobCollector.BATCH) flush();
        }

        private void flush() throws IOException {
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
            if (size >= 0) blobs.store().delete(id);
        }

        /** Counts a blob that is (or would be) deleted; -1 when it has no file (a stale row only). */
        private long count(BlobId id) throws IOException {
            long size = blobs.size(id);
            if (size < 0) return -1;
            deleted++;
            bytes += size;
            return size;
        }
    }
}
