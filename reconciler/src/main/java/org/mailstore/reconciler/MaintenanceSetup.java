package org.mailstore.reconciler;

import java.nio.file.Path;
import java.util.Objects;
import javax.sql.DataSource;
import org.mailstore.blobstore.BlobLocation;
import org.mailstore.blobstore.FileBlobLocation;
import org.mailstore.store.journal.Journal;

/**
 * What reconcile and gc work on: the database, the blob tree, the journal directory, the instance
 * id repairs journal under (suffixed, so never a running server's own segments), and a scratch
 * directory for the on-disk sorts (tens of bytes per blob and per journal record).
 *
 * @param sortRunBytes memory per sort run before it spills to {@code workDir}
 * @param blobLocation where the blobs are: the file tree at {@code blobDir} or an S3 bucket
 */
public record MaintenanceSetup(DataSource dataSource, Path blobDir, int blobFanout, Path journalDir, String instanceId, Path workDir,
                               long sortRunBytes, BlobLocation blobLocation) {
    public MaintenanceSetup {
        Objects.requireNonNull(blobLocation, "blobLocation");
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(blobDir, "blobDir");
        Objects.requireNonNull(journalDir, "journalDir");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(workDir, "workDir");
        if (sortRunBytes < 1 << 16) throw new IllegalArgumentException("sortRunBytes must be at least 64 KiB");
    }

    public MaintenanceSetup(DataSource dataSource, Path blobDir, int blobFanout, Path journalDir, String instanceId, Path workDir,
                            long sortRunBytes) {
        this(dataSource, blobDir, blobFanout, journalDir, instanceId, workDir, sortRunBytes, new FileBlobLocation(blobDir, blobFanout));
    }

    public MaintenanceSetup(DataSource dataSource, Path blobDir, int blobFanout, Path journalDir, String instanceId, Path workDir) {
        this(dataSource, blobDir, blobFanout, journalDir, instanceId, workDir, ExternalSort.DEFAULT_RUN_BYTES);
    }

    /** The same run with its blobs at {@code location} (an S3 bucket, for reconcile and gc). */
    public MaintenanceSetup withBlobs(BlobLocation location) {
        return new MaintenanceSetup(dataSource, blobDir, blobFanout, journalDir, instanceId, workDir, sortRunBytes, location);
    }

    /**
     * The instance id a maintenance run journals under: the configured one with a suffix of its
     * own, so it never writes to a running server's segments; the configured part is shortened when
     * the whole would not fit.
     */
    String instanceId(String suffix) {
        return Journal.suffixedInstanceId(instanceId, suffix);
    }
}
