package org.mailstore.backup;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.mailstore.blobstore.BlobId;

/**
 * The hashes of one sorted list that another sorted list lacks, by merging the two: what a backup's snapshot references
 * beyond the previous backup's, found without a {@code stat} per blob.
 */
final class NewHashes implements Iterator<BlobId> {
    private final Iterator<BlobId> current;
    private final Iterator<BlobId> previous;
    private String prev;
    private BlobId next;

    NewHashes(Iterator<BlobId> current, Iterator<BlobId> previous) {
        this.current = current;
        this.previous = previous;
        this.prev = previous.hasNext() ? previous.next().hex() : null;
        advance();
    }

    private void advance() {
        next = null;
        while (current.hasNext()) {
            BlobId candidate = current.next();
            String hex = candidate.hex();
            while (prev != null && prev.compareTo(hex) < 0) prev = previous.hasNext() ? previous.next().hex() : null;
            if (prev == null || !prev.equals(hex)) {
                next = candidate;
                return;
            }
        }
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public BlobId next() {
        if (next == null) throw new NoSuchElementException();
        BlobId out = next;
        advance();
        return out;
    }
}
