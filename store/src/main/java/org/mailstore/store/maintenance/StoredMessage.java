package org.mailstore.store.maintenance;

import java.time.Instant;
import org.mailstore.blobstore.BlobId;
import org.mailstore.store.Flags;

/** A message row as the reconciler compares it with the journal. */
public record StoredMessage(long uid, long modseq, Flags flags, Instant internalDate, long size, BlobId blob) {}
