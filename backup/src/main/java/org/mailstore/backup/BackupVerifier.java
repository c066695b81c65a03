package org.mailstore.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.FileBlobStore;
import org.mailstore.store.maintenance.Progress;

/**
 * {@code mailstore backup verify}: is this backup complete and undamaged? Checks that the manifest exists and reads,
 * that every file it lists has its recorded length and SHA-256, and that the live tree had every blob the snapshot
 * references, and for an incremental backup that its base chain is whole and each base's blob row file intact. With
 * {@code deep}, also re-reads every blob the backup lists from the shared tree and checks it is there
 * and still hashes to its name. Returns the faults; none means verified.
 */
public final class BackupVerifier {
    static final int DEEP_THREADS = BlobCopier.THREADS;

    private final BackupDirectory dir;

    public BackupVerifier(BackupDirectory dir) {
        this.dir = dir;
    }

    public List<String> verify(BackupId id, boolean deep, Progress progress) throws IOException {
        List<String> faults = new ArrayList<>();
        BackupSummary summary = dir.summary(id);
        if (!summary.complete()) {
            faults.add("incomplete: " + summary.problem());
            return faults;
        }
        Manifest m = summary.manifest();
        Path backup = dir.backupDir(id);
        progress.phase("files", m.files().size());
        for (CheckedFile f : m.files()) {
            checkFile(backup, f, faults);
            progress.advance(1);
        }
        progress.done();
        if (m.incremental()) checkChain(m, faults);
        if (m.counts().blobs() > 0 && !m.missingBlobs().isEmpty()) {
            faults.add("the live blob tree lacked (or had damaged) " + m.missingBlobs().size() + " blobs the snapshot references, e.g. "
                    + m.missingBlobs().getFirst());
        }
        if (deep && faults.isEmpty()) deepCheck(backup, m, faults, progress);
        return faults;
    }

    /** Metadata files only: the check {@code journal prune} and {@code restore} rely on. */
    public List<String> verify(BackupId id) throws IOException {
        return verify(id, false, Progress.NONE);
    }

    /** The base backups an incremental backup's blob rows are spread over: each there, complete, its table file intact. */
    private void checkChain(Manifest m, List<String> faults) throws IOException {
        BackupChain.Resolved resolved = BackupChain.resolve(dir, m);
        if (resolved.whole().isEmpty()) {
            faults.add("incremental backup on " + m.base() + ", which cannot be restored: " + resolved.problem());
            return;
        }
        String table = m.deltaTable().orElseThrow().name();
        for (BackupChain.LinkFile f : resolved.chain().files(table)) {
            if (f.backup().equals(m.id())) continue;
            checkFile(dir.backupDir(f.backup()), f.table().file(), "base " + f.backup() + " ", faults);
        }
    }

    private static void checkFile(Path backup, CheckedFile f, List<String> faults) throws IOException {
        checkFile(backup, f, "", faults);
    }

    private static void checkFile(Path backup, CheckedFile f, String label, List<String> faults) throws IOException {
        Path file = backup.resolve(f.path());
        String name = label + f.path();
        if (!Files.isRegularFile(file)) {
            faults.add(name + ": missing");
            return;
        }
        long size = Files.size(file);
        if (size != f.bytes()) {
            faults.add(name + ": " + size + " bytes, the manifest says " + f.bytes());
            return;
        }
        String sha = Sha256.of(file);
        if (!sha.equals(f.sha256())) faults.add(name + ": SHA-256 " + sha + ", the manifest says " + f.sha256());
    }

    private void deepCheck(Path backup, Manifest m, List<String> faults, Progress progress) throws IOException {
        FileBlobStore blobs = dir.blobs(OnlineBackup.BACKUP_FANOUT);
        List<String> found = Collections.synchronizedList(new ArrayList<>());
        AtomicLong done = new AtomicLong();
        progress.phase("blobs", m.counts().blobs() + m.counts().journalBlobs());
        Semaphore inFlight = new Semaphore(DEEP_THREADS * 4);
        try (ExecutorService pool = Executors.newFixedThreadPool(DEEP_THREADS)) {
            long reported = 0;
            for (CheckedFile list : m.blobLists()) {
                try (HashLines ids = new HashLines(backup.resolve(list.path()))) {
                    while (ids.hasNext()) {
                        BlobId id = ids.next();
                        inFlight.acquireUninterruptibly();
                        pool.execute(() -> {
                            try {
                                checkBlob(blobs, id, found);
                            } finally {
                                done.incrementAndGet();
                                inFlight.release();
                            }
                        });
                        long d = done.get();
                        progress.advance(d - reported);
                        reported = d;
                    }
                }
            }
            pool.shutdown();
            while (!pool.isTerminated()) pool.awaitTermination(1, java.util.concurrent.TimeUnit.SECONDS);
            progress.advance(done.get() - reported);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while verifying blobs", e);
        }
        progress.done();
        found.stream().sorted().forEach(faults::add);
    }

    private static void checkBlob(FileBlobStore blobs, BlobId id, List<String> faults) {
        try {
            if (!blobs.exists(id)) {
                faults.add("blob " + id.hex() + ": missing");
            } else if (!blobs.verify(id)) {
                faults.add("blob " + id.hex() + ": damaged (its bytes no longer hash to its name)");
            }
        } catch (IOException e) {
            faults.add("blob " + id.hex() + ": " + e.getMessage());
        }
    }
}
