package org.mailstore.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.mailstore.blobstore.FileBlobStore;

/**
 * The last complete backup in a backup directory, which the next one builds on: the blobs its snapshot list names are
 * in the shared tree already (unless it recorded some as missing), the rows of those blobs are in its chain of table
 * files, and the journal segments it holds with the same length need not be read again. Its lists are trusted only
 * when their checksums still match the manifest; each list is hashed once per backup however often it is asked for.
 */
final class PreviousBackup {
    private final Manifest manifest;
    private final Path dir;
    private final BackupDirectory backups;
    private final Map<String, Optional<Path>> checked = new HashMap<>();

    PreviousBackup(Manifest manifest, Path dir, BackupDirectory backups) {
        this.manifest = manifest;
        this.dir = dir;
        this.backups = backups;
    }

    static Optional<PreviousBackup> in(BackupDirectory backups) throws IOException {
        return backups.latestComplete().map(s -> new PreviousBackup(s.manifest(), backups.backupDir(s.id()), backups));
    }

    Manifest manifest() {
        return manifest;
    }

    Path dir() {
        return dir;
    }

    /** The backup directory's shared blob tree: every blob on the list, when {@link #holdsEveryListedBlob()}. */
    FileBlobStore blobTree() {
        return backups.blobs(OnlineBackup.BACKUP_FANOUT);
    }

    /** The snapshot's blob list, if intact: what a new backup's list is compared with ({@link BlobListDiff}). */
    Optional<Path> blobList() throws IOException {
        return intact(BackupDirectory.SNAPSHOT_BLOBS);
    }

    /** Whether every blob on its list is in the backup tree: it recorded none as missing from the live tree. */
    boolean holdsEveryListedBlob() {
        return manifest.missingBlobs().isEmpty();
    }

    /**
     * Whether a new backup at {@code schemaVersion} may write only the blob rows this backup's list lacks: its chain is
     * whole, of the same schema version and shorter than {@link BackupChain#MAX_LENGTH} (and, for the rows to be found
     * by the diff, its list is intact: see {@link #blobList()}).
     */
    boolean extendableAt(String schemaVersion) throws IOException {
        if (!manifest.schemaVersion().equals(schemaVersion)) return false;
        Optional<BackupChain> chain = BackupChain.resolve(backups, manifest).whole();
        return chain.isPresent() && chain.get().links().size() < BackupChain.MAX_LENGTH;
    }

    Optional<Path> journalBlobs() throws IOException {
        return intact(BackupDirectory.JOURNAL_BLOBS);
    }

    private Optional<Path> intact(String name) throws IOException {
        Optional<Path> known = checked.get(name);
        if (known == null) {
            known = check(name);
            checked.put(name, known);
        }
        return known;
    }

    private Optional<Path> check(String name) throws IOException {
        Optional<CheckedFile> f = manifest.blobLists().stream().filter(l -> l.path().equals(name)).findFirst();
        if (f.isEmpty()) return Optional.empty();
        Path file = dir.resolve(f.get().path());
        return Files.isRegularFile(file) && Files.size(file) == f.get().bytes() && Sha256.of(file).equals(f.get().sha256())
                ? Optional.of(file) : Optional.empty();
    }
}
