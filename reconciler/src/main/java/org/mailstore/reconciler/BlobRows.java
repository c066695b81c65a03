package org.mailstore.reconciler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.store.maintenance.BlobCache;
import org.mailstore.store.maintenance.ReplayedMessage;

/**
 * Makes sure blobs about to be referenced by replayed messages have their {@code blobs} row: the
 * row caches the MIME metadata the listing path serves (ENVELOPE, BODYSTRUCTURE, …); when the
 * database lost it, the blob is parsed again, as delivery parses it the first time (search text included).
 */
final class BlobRows {
    private final BlobStore blobs;
    private final BlobCache cache;
    private long parsed;

    BlobRows(BlobStore blobs, BlobCache cache) {
        this.blobs = blobs;
        this.cache = cache;
    }

    void ensure(Collection<BlobId> ids) {
        Set<BlobId> wanted = new LinkedHashSet<>(ids);
        wanted.removeAll(cache.present(wanted));
        for (BlobId id : new ArrayList<>(wanted)) {
            try {
                cache.store(org.mailstore.store.BlobRows.Row.read(blobs, id));
                parsed++;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot parse blob " + id.hex() + " for its metadata row: " + e.getMessage(), e);
            }
        }
    }

    /** Rows this run created by parsing blobs. */
    long parsed() {
        return parsed;
    }

    static List<BlobId> of(Collection<ReplayedMessage> messages) {
        return messages.stream().map(ReplayedMessage::blob).distinct().toList();
    }
}
