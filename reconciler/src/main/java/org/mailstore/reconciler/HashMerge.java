package org.mailstore.reconciler;

import java.util.Arrays;
import org.mailstore.blobstore.BlobId;

/**
 * The step of a merge of hash-ordered streams (blob tree, database, journal): the smallest hash
 * at their heads, and taking it from each stream that has it. Order is unsigned bytewise, the
 * order of PostgreSQL's {@code bytea} and of {@link ExternalSort}.
 */
final class HashMerge {
    private HashMerge() {}

    /** The smallest of the given heads (nulls are exhausted streams), or null when all are. */
    static byte[] smallest(BlobId... heads) {
        byte[] min = null;
        for (BlobId id : heads) {
            if (id == null) continue;
            byte[] b = id.bytes();
            if (min == null || Arrays.compareUnsigned(b, min) < 0) min = b;
        }
        return min;
    }

    /** Consumes the head of {@code it} when it is {@code hash}; whether it was. */
    static boolean take(CloseableIterator<BlobId> it, byte[] hash) {
        if (it.hasNext() && Arrays.equals(it.peek().bytes(), hash)) {
            it.next();
            return true;
        }
        return false;
    }
}
