package org.mailstore.store.maintenance;

import java.time.Instant;
import java.util.Objects;
import org.mailstore.blobstore.BlobId;
import org.mailstore.store.Flags;

/** A message to put back from the journal: its original UID, blob, internal date, size and flags at delivery. */
public record ReplayedMessage(long uid, BlobId blob, Instant internalDate, long size, Flags flags) {
    public ReplayedMessage {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(internalDate, "internalDate");
        Objects.requireNonNull(flags, "flags");
    }
}
