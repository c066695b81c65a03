package org.mailstore.backup;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.blobstore.BlobStores;
import org.mailstore.blobstore.FileBlobStore;
import org.mailstore.store.maintenance.MaintenanceLock;
import org.mailstore.store.maintenance.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mailstore backup create}: a backup of a live site while it serves (DESIGN.md, "Backup and restore"). In order:
 * <ol>
 * <li>the database snapshot ({@link MetadataSnapshot}): tables, schema version, the list of blobs it references; of the
 * {@code blobs} table only the rows the previous backup lacks, so this backup's {@link Manifest#base() base} chain is
 * needed to restore it;
 * <li>those blobs, into the backup directory's shared tree, only the ones it lacks ({@link BlobCopier});
 * <li>the journal segments, then the blobs only they name ({@link JournalCopy});
 * <li>the manifest, atomically, last: until it exists the backup is incomplete, whatever else is there.
 * </ol>
 * Holds the maintenance lock throughout, so gc cannot delete a blob the snapshot references before it is copied.
 */
public final class OnlineBackup {
    /** The backup directory's blob tree always has this fan-out, whatever the live tree's. */
    public static final int BACKUP_FANOUT = FileBlobStore.DEFAULT_FANOUT_LEVELS;
    private static final Logger log = LoggerFactory.getLogger(OnlineBackup.class);

    private final LiveSite site;
    private final BackupDirectory target;
    private final Clock clock;
    private final boolean full;

    /** @param full write every blob row even when the previous backup could be built on: the start of a new chain */
    public OnlineBackup(LiveSite site, BackupDirectory target, Clock clock, boolean full) {
        this.site = site;
        this.target = target;
        this.clock = clock;
        this.full = full;
    }

    /** A backup that builds on the previous one in {@code target} where it can. */
    public OnlineBackup(LiveSite site, BackupDirectory target, Clock clock) {
        this(site, target, clock, false);
    }

    @SuppressWarnings("try") // the lock is held, not used: its scope is the point
    public Manifest create(Progress progress) throws IOException {
        Instant started = clock.instant();
        BackupId id = BackupId.at(started);
        StepTimes times = new StepTimes();
        try (MaintenanceLock lock = MaintenanceLock.acquire(site.dataSource(), "backup");
             BlobStore live = BlobStores.open(site.blobs())) {
            times.lap("lock");
            Optional<PreviousBackup> previous = PreviousBackup.in(target);
            times.lap("previous");
            Path dir = createBackupDir(id, started);
            times.lap("directory");
            MetadataSnapshot.Result snapshot = MetadataSnapshot.take(site.dataSource(), dir, previous, full, progress);
            times.lap("snapshot");
            BlobCopier copier = new BlobCopier(live, target.blobs(BACKUP_FANOUT));
            BlobCopier.Result blobs = copySnapshotBlobs(dir, snapshot, previous, copier, progress);
            times.lap("blobs");
            List<CheckedFile> segments = JournalCopy.copySegments(site.journalDir(), dir, progress);
            times.lap("journal");
            JournalCopy.Blobs journalBlobs = JournalCopy.copyBlobs(dir, segments, previous, copier, progress);
            times.lap("journal blobs");
            BlobCopier.Result jb = journalBlobs.copied();
            List<String> missing = new ArrayList<>(blobs.missing());
            Manifest manifest = new Manifest(Manifest.VERSION, id, started, snapshot.snapshotAt(), clock.instant(), snapshot.schemaVersion(),
                    snapshot.base(), snapshot.tables(), snapshot.identities(), List.of(snapshot.blobList(), journalBlobs.list()), segments,
                    new Manifest.Counts(snapshot.messages(), snapshot.blobs(), snapshot.blobBytes(), blobs.copied() + jb.copied(),
                            blobs.copiedBytes() + jb.copiedBytes(), jb.present() + jb.copied()),
                    missing);
            ManifestCodec.write(dir.resolve(BackupDirectory.MANIFEST), manifest);
            Files.deleteIfExists(dir.resolve(BackupDirectory.IN_PROGRESS));
            DurableFiles.forceDirectory(dir);
            times.lap("manifest");
            log.debug("backup {} steps: {}", id, times);
            if (!missing.isEmpty()) {
                log.warn("backup {}: {} blobs the database references were missing from the live tree (or damaged); see the manifest",
                        id, blobs.missingCount());
            }
            log.info("backup {} ({}): {} messages, {} blobs ({} copied, {} bytes), {} journal segments, {} journal-only blobs",
                    id, manifest.incremental() ? "blob rows since " + manifest.base() : "full", snapshot.messages(), snapshot.blobs(),
                    manifest.counts().blobsCopied(), manifest.counts().blobBytesCopied(), segments.size(), manifest.counts().journalBlobs());
            return manifest;
        }
    }

    /**
     * The snapshot's blobs the backup tree lacks. After a complete backup whose list is intact and whose blobs all
     * reached the tree, only the hashes the list gained over that one's are looked at ({@link BlobListDiff}); the rest
     * are in the tree already, and {@code verify --deep} is what re-checks that. The diff's scratch files go afterwards.
     */
    private static BlobCopier.Result copySnapshotBlobs(Path dir, MetadataSnapshot.Result snapshot, Optional<PreviousBackup> previous,
                                                       BlobCopier copier, Progress progress) throws IOException {
        Optional<BlobListDiff.Result> diff = snapshot.diff();
        boolean onlyGained = diff.isPresent() && previous.orElseThrow().holdsEveryListedBlob();
        progress.phase("blobs", onlyGained ? diff.get().gainedCount() : snapshot.blobs());
        try (HashLines ids = new HashLines(onlyGained ? diff.get().gained() : dir.resolve(BackupDirectory.SNAPSHOT_BLOBS))) {
            BlobCopier.Result r = copier.copy(ids, stored -> { }, progress);
            progress.done();
            long skipped = snapshot.blobs() - r.seen();
            return new BlobCopier.Result(snapshot.blobs(), r.present() + skipped, r.copied(), r.copiedBytes(), r.missingCount(), r.missing(),
                    r.damaged());
        } finally {
            if (diff.isPresent()) {
                Files.deleteIfExists(diff.get().gained());
                Files.deleteIfExists(diff.get().lost());
            }
        }
    }

    private Path createBackupDir(BackupId id, Instant started) throws IOException {
        Path backups = DurableFiles.createDirectories(target.root().resolve(BackupDirectory.BACKUPS));
        Path dir = Files.createDirectory(backups.resolve(id.value()));
        DurableFiles.forceDirectory(backups);
        String marker = "started " + started + " by pid " + ProcessHandle.current().pid() + " on " + hostName() + "\n";
        DurableFiles.writeAtomically(dir.resolve(BackupDirectory.IN_PROGRESS), marker.getBytes(StandardCharsets.UTF_8));
        return dir;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }
}
