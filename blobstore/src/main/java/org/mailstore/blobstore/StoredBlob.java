package org.mailstore.blobstore;

import java.util.Objects;

/**
 * What {@link BlobStore#put} stored.
 *
 * @param id      the blob's name, the hash of its bytes
 * @param size    its length in bytes
 * @param created {@code true} when this put wrote the blob; {@code false} when identical bytes were already
 *                stored (deduplicated), in which case the existing file was left untouched
 */
public record StoredBlob(BlobId id, long size, boolean created) {

    public StoredBlob {
        Objects.requireNonNull(id, "id");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }
}
