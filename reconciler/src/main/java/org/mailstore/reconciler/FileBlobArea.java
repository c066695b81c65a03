package org.mailstore.reconciler;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.blobstore.FileBlobLocation;
import org.mailstore.blobstore.FileBlobStore;

/** The file tree: walked in parallel by {@link HashOrderWalk}, aged by file times, quarantined by rename. */
final class FileBlobArea implements BlobArea {
    private final FileBlobLocation location;
    private final FileBlobStore blobs;
    private final Quarantine quarantine;

    FileBlobArea(FileBlobLocation location, Path quarantineDir) {
        this.location = location;
        this.blobs = new FileBlobStore(location.root(), location.fanoutLevels());
        this.quarantine = new Quarantine(blobs, quarantineDir);
    }

    @Override
    public BlobStore store() {
        return blobs;
    }

    @Override
    public CloseableIterator<BlobId> inHashOrder() {
        return HashOrderWalk.of(location.root(), location.fanoutLevels());
    }

    @Override
    public Optional<Instant> lastArrival(BlobId id) throws IOException {
        try {
            return Optional.of(FileAge.lastArrival(blobs.pathOf(id)));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    @Override
    public long size(BlobId id) {
        try {
            return Files.size(blobs.pathOf(id));
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public String quarantine(BlobId id) throws IOException {
        return quarantine.move(id).toString();
    }

    @Override
    public String quarantineLocation() {
        return quarantine.dir().toString();
    }

    /** Temp files of puts that crashed; younger ones may belong to a put still running in any process. */
    @Override
    public long removeStaleTemps(Instant cutoff, boolean dryRun) throws IOException {
        return removeOlder(location.root().resolve(FileBlobStore.TEMP_DIRECTORY), cutoff, dryRun);
    }

    static long removeOlder(Path dir, Instant cutoff, boolean dryRun) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        long removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
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

    @Override
    public void close() throws IOException {
        blobs.close();
    }
}
