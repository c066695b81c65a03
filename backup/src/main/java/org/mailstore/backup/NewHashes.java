package org.mailstore.backup;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.mailstore.blobstore.BlobId;

/**
 * The hashes of one sorted list that another sorted list lacks, by merging the two: what a backup's snapshot references
 * beyond the previous backup's, found without a {@code stat} per blob. Works on the lists' hex lines (lowercase hex
 * sorts as the bytes do) and parses only the hashes it yields.
 */
final class NewHashes implements Iterator<BlobId> {
    private final Iterator<String> current;
    private final Iterator<String> previous;
    private String prev;
    private BlobId next;

    NewHashes(Iterator<String> current, Iterator<String> previous) {
        this.current = current;
        this.previous = previous;
        this.prev = previous.hasNext() ? previous.next() : null;
        advance();
    }

    private void advance() {
        next = null;
        while (current.hasNext()) {
            String hex = current.next();
            while (prev != null && prev.compareTo(hex) < 0) prev = previous.hasNext() ? previous.next() : null;
            if (prev == null || !prev.equals(hex)) {
                next = BlobId.fromHex(hex);
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
