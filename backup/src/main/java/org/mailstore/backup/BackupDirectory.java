package org.mailstore.backup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mailstore.blobstore.FileBlobStore;

/**
 * A backup directory, plain files fit for tar and tape:
 * <pre>
 * DIR/blobs/ab/cd/abcd…              one hashed blob tree shared by every backup in DIR (incremental by construction)
 * DIR/backups/ID/IN-PROGRESS         while a backup runs: who started it and when (informational)
 * DIR/backups/ID/tables/NAME.copy    one PostgreSQL COPY (text format) per table; blobs.copy only the rows the
 *                                    base backup (manifest "base") lacks
 * DIR/backups/ID/blobs.txt           the snapshot's blob hashes, sorted, one per line
 * DIR/backups/ID/journal-blobs.txt   blobs named only by journal records
 * DIR/backups/ID/journal/…           the journal segments
 * DIR/backups/ID/manifest.json       written last, atomically: a backup without it is incomplete
 * </pre>
 */
public final class BackupDirectory {
    static final String BLOBS = "blobs";
    static final String BACKUPS = "backups";
    static final String MANIFEST = "manifest.json";
    static final String IN_PROGRESS = "IN-PROGRESS";
    static final String TABLES = "tables";
    static final String SNAPSHOT_BLOBS = "blobs.txt";
    static final String JOURNAL_BLOBS = "journal-blobs.txt";
    /** Scratch files of a running backup ({@link BlobListDiff}), deleted before its manifest is written. */
    static final String GAINED_BLOBS = "blobs-gained.tmp";
    static final String LOST_BLOBS = "blobs-lost.tmp";

    private final Path root;

    public BackupDirectory(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    Path blobRoot() {
        return root.resolve(BLOBS);
    }

    /** The shared blob tree; creates it (a put needs its temp directory) when missing. */
    FileBlobStore blobs(int fanout) {
        return new FileBlobStore(blobRoot(), fanout);
    }

    Path backupDir(BackupId id) {
        return root.resolve(BACKUPS).resolve(id.value());
    }

    /** Every backup, complete or not, oldest first. */
    public List<BackupSummary> list() throws IOException {
        List<BackupSummary> out = new ArrayList<>();
        for (BackupId id : ids()) out.add(summary(id));
        return out;
    }

    /** The newest complete backup, if any; reads manifests newest first and stops at the first complete one. */
    public Optional<BackupSummary> latestComplete() throws IOException {
        List<BackupId> ids = ids();
        for (int i = ids.size() - 1; i >= 0; i--) {
            BackupSummary s = summary(ids.get(i));
            if (s.complete()) return Optional.of(s);
        }
        return Optional.empty();
    }

    /** One backup's state; a backup directory that does not exist is reported as such. */
    public BackupSummary summary(BackupId id) throws IOException {
        Path dir = backupDir(id);
        if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir.toString(), null, "no backup " + id + " in " + root);
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.exists(manifest)) {
            return BackupSummary.incomplete(id, readMarker(dir));
        }
        try {
            return BackupSummary.of(ManifestCodec.read(manifest));
        } catch (InvalidManifestException e) {
            return BackupSummary.incomplete(id, e.getMessage());
        }
    }

    /** The manifest of a complete backup. @throws IllegalStateException naming why the backup cannot be used */
    public Manifest manifest(BackupId id) throws IOException {
        BackupSummary s = summary(id);
        if (!s.complete()) {
            throw new IncompleteBackupException("backup " + id + " in " + root + " is incomplete (" + s.problem() + ")");
        }
        return s.manifest();
    }

    /**
     * Why a complete backup cannot be restored: its blob rows build on a base that is gone, incomplete or of another
     * schema version. Empty for a full backup and for an incremental one whose chain is whole.
     */
    public Optional<String> chainProblem(Manifest m) throws IOException {
        return Optional.ofNullable(BackupChain.resolve(this, m).problem());
    }

    private List<BackupId> ids() throws IOException {
        Path backups = root.resolve(BACKUPS);
        List<BackupId> ids = new ArrayList<>();
        if (!Files.isDirectory(backups)) return ids;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(backups)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (BackupId.isId(name) && Files.isDirectory(p)) ids.add(new BackupId(name));
            }
        }
        ids.sort(null);
        return ids;
    }

    private static String readMarker(Path dir) throws IOException {
        Path marker = dir.resolve(IN_PROGRESS);
        String base = "no " + MANIFEST + ": interrupted, or still running";
        if (!Files.exists(marker)) return base;
        return base + "; " + Files.readString(marker).strip();
    }
}
