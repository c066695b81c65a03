package org.mailstore.reconciler;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.blobstore.FileBlobLocation;
import org.mailstore.blobstore.S3BlobLocation;
import org.mailstore.blobstore.S3BlobStore;

/**
 * What reconcile and gc need of the blobs beyond {@link BlobStore}: a walk in hash order, each blob's size
 * and arrival time for the grace period, a quarantine for damaged bytes, and the put leftovers to clear. The
 * file tree answers from paths and file times, S3 from listings, HEADs and a quarantine prefix.
 */
sealed interface BlobArea extends AutoCloseable permits FileBlobArea, S3BlobArea {

    /** The blobs area of {@code setup}; {@code quarantineDir} (file tree only) may be null for the default. */
    static BlobArea open(MaintenanceSetup setup, Path quarantineDir) {
        return switch (setup.blobLocation()) {
            case FileBlobLocation file -> new FileBlobArea(file,
                    quarantineDir == null ? BlobPhase.defaultQuarantine(file.root()) : quarantineDir);
            case S3BlobLocation s3 -> new S3BlobArea(S3BlobStore.open(s3));
        };
    }

    BlobStore store();

    /** Every stored blob, in ascending hash order, as the merge with the database and journal needs. */
    CloseableIterator<BlobId> inHashOrder() throws IOException;

    /** When the blob last arrived (the grace period counts from it), or empty when it is gone. */
    Optional<Instant> lastArrival(BlobId id) throws IOException;

    /** The blob's size in bytes, or -1 when it is gone. */
    long size(BlobId id) throws IOException;

    /** Moves damaged bytes out of the blob's name, keeping them; returns where they went. */
    String quarantine(BlobId id) throws IOException;

    /** Where {@link #quarantine} puts blobs. */
    String quarantineLocation();

    /** Removes leftovers of puts that crashed (temp or spool files) older than {@code cutoff}; returns how many. */
    long removeStaleTemps(Instant cutoff, boolean dryRun) throws IOException;

    @Override
    void close() throws IOException;
}
