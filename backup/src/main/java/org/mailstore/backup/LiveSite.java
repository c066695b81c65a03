package org.mailstore.backup;

import java.nio.file.Path;
import java.util.Objects;
import javax.sql.DataSource;
import org.mailstore.blobstore.BlobLocation;
import org.mailstore.blobstore.FileBlobLocation;

/**
 * The three parts of a running mailstore a backup reads and a restore writes: database, blob store (a file tree or an
 * S3 bucket), journal directory.
 */
public record LiveSite(DataSource dataSource, BlobLocation blobs, Path journalDir) {
    public LiveSite {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(journalDir, "journalDir");
    }

    /** A site whose blobs are the file tree at {@code blobDir}. */
    public LiveSite(DataSource dataSource, Path blobDir, int blobFanout, Path journalDir) {
        this(dataSource, new FileBlobLocation(blobDir, blobFanout), journalDir);
    }
}
