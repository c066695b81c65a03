package org.mailstore.reconciler;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.FileBlobStore;

/**
 * Where blobs whose bytes no longer match their name go: out of the tree (so nothing serves or
 * backs up damaged bytes under a name that promises others), but kept for forensics. A second
 * damaged copy of the same blob gets a numbered name beside the first.
 */
final class Quarantine {
    /** Default folder name under the blob root; not a fan-out level name, so walks skip it. */
    static final String DEFAULT_DIRECTORY = "quarantine";
    private static final int MAX_COPIES = 1_000;

    private final FileBlobStore blobs;
    private final Path dir;

    Quarantine(FileBlobStore blobs, Path dir) {
        this.blobs = blobs;
        this.dir = dir;
    }

    Path move(BlobId id) throws IOException {
        Files.createDirectories(dir);
        Path source = blobs.pathOf(id);
        for (int n = 0; n < MAX_COPIES; n++) {
            Path target = dir.resolve(n == 0 ? id.hex() : id.hex() + "." + n);
            try {
                return Files.move(source, target);
            } catch (FileAlreadyExistsException e) {
                // an earlier copy of this blob was quarantined already; try the next name
            }
        }
        throw new IOException("quarantine " + dir + " already holds " + MAX_COPIES + " copies of blob " + id.hex());
    }

    Path dir() {
        return dir;
    }
}
