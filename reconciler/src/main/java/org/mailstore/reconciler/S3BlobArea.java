package org.mailstore.reconciler;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.blobstore.S3BlobStore;

/**
 * An S3 bucket: the paged listing is already in hash order, because S3 lists keys in ascending byte order and
 * a blob's key is its hex name behind a fixed prefix and fan-out taken from that name; ages are the objects'
 * LastModified; quarantine is a copy under the quarantine prefix, then a delete.
 */
final class S3BlobArea implements BlobArea {
    private final S3BlobStore blobs;

    S3BlobArea(S3BlobStore blobs) {
        this.blobs = blobs;
    }

    @Override
    public BlobStore store() {
        return blobs;
    }

    @Override
    public CloseableIterator<BlobId> inHashOrder() throws IOException {
        Stream<BlobId> listed = blobs.walk();
        return CloseableIterator.of(new Ascending(listed.iterator()), listed);
    }

    /** Refuses a listing out of order: the merge would then misclassify blobs, so stop instead. */
    private static final class Ascending implements Iterator<BlobId> {
        private final Iterator<BlobId> listed;
        private byte[] previous;

        Ascending(Iterator<BlobId> listed) {
            this.listed = listed;
        }

        @Override
        public boolean hasNext() {
            return listed.hasNext();
        }

        @Override
        public BlobId next() {
            BlobId id = listed.next();
            if (previous != null && Arrays.compareUnsigned(previous, id.bytes()) >= 0) {
                throw new IllegalStateException("the S3 listing is not in ascending key order at blob " + id.hex()
                        + "; this endpoint does not list like S3");
            }
            previous = id.bytes();
            return id;
        }
    }

    @Override
    public Optional<Instant> lastArrival(BlobId id) throws IOException {
        return blobs.facts(id).map(S3BlobStore.ObjectFacts::lastModified);
    }

    @Override
    public long size(BlobId id) throws IOException {
        return blobs.facts(id).map(S3BlobStore.ObjectFacts::size).orElse(-1L);
    }

    @Override
    public String quarantine(BlobId id) throws IOException {
        return blobs.quarantine(id);
    }

    @Override
    public String quarantineLocation() {
        return blobs.quarantineLocation();
    }

    /** Spool files a crashed put left in this host's spool directory; a running server's are younger. */
    @Override
    public long removeStaleTemps(Instant cutoff, boolean dryRun) throws IOException {
        return FileBlobArea.removeOlder(blobs.spoolDir(), cutoff, dryRun);
    }

    @Override
    public void close() {
        blobs.close();
    }
}
