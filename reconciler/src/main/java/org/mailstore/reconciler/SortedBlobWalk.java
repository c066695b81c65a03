package org.mailstore.reconciler;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobStore;

/**
 * The blobs in the tree, in hash order. {@link BlobStore#walk} lists them lazily in directory
 * order; they go through an {@link ExternalSort} so the result can be merged with the database's
 * hash-ordered scan in bounded memory.
 */
final class SortedBlobWalk implements AutoCloseable {
    private final ExternalSort sort;
    private final Duration took;

    private SortedBlobWalk(ExternalSort sort, Duration took) {
        this.sort = sort;
        this.took = took;
    }

    static SortedBlobWalk of(BlobStore blobs, Path workDir, long runBytes, Progress progress) throws IOException {
        long started = System.nanoTime();
        ExternalSort sort = new ExternalSort(workDir, runBytes);
        try (Stream<BlobId> walk = blobs.walk()) {
            walk.forEach(id -> {
                sort.add(id.bytes());
                progress.advance(1);
            });
        } catch (IOException | RuntimeException e) {
            sort.close();
            throw e;
        }
        return new SortedBlobWalk(sort, Duration.ofNanos(System.nanoTime() - started));
    }

    /** How long walking and sorting took. */
    Duration took() {
        return took;
    }

    long count() {
        return sort.count();
    }

    CloseableIterator<BlobId> iterator() {
        CloseableIterator<byte[]> raw = sort.sorted(true);
        return CloseableIterator.of(new java.util.Iterator<>() {
            @Override
            public boolean hasNext() {
                return raw.hasNext();
            }

            @Override
            public BlobId next() {
                return BlobId.of(raw.next());
            }
        }, raw);
    }

    @Override
    public void close() {
        sort.close();
    }
}
