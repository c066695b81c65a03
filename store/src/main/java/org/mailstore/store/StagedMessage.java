package org.mailstore.store;

import java.time.Instant;
import org.mailstore.blobstore.StoredBlob;

/**
 * A message whose bytes are stored but not yet in any mailbox: one part of a multi-message APPEND, waiting for
 * {@link Messages#appendAll}. The blob stays the store's business.
 */
public final class StagedMessage {
    private final StoredBlob blob;
    private final Flags flags;
    private final Instant internalDate;

    StagedMessage(StoredBlob blob, Flags flags, Instant internalDate) {
        this.blob = blob;
        this.flags = flags;
        this.internalDate = internalDate;
    }

    StoredBlob blob() {
        return blob;
    }

    Flags flags() {
        return flags;
    }

    Instant internalDate() {
        return internalDate;
    }

    /** The stored size in octets. */
    public long size() {
        return blob.size();
    }
}
