package org.mailstore.blobstore;

import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The blobs whose directory entry this process has fsynced lately, each with the ctime its link had then. A put of
 * bytes stored moments ago (the same message delivered again, an APPEND of a copy) finds the same link, by the same
 * ctime, and needs no directory fsync of its own; a link made since (another inode, another ctime) still gets one.
 * Bounded: the oldest entries go first, and a forgotten one costs only the fsync it would have cost anyway.
 */
final class DurableLinks {
    static final int DEFAULT_CAPACITY = 4096;

    private final Map<BlobId, FileTime> links;

    DurableLinks(int capacity) {
        this.links = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<BlobId, FileTime> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Whether the blob's entry, linked at {@code linkedAt}, is one this process has fsynced. */
    synchronized boolean durable(BlobId id, FileTime linkedAt) {
        return linkedAt.equals(links.get(id));
    }

    /** After an fsync of the directory holding the blob's link of {@code linkedAt}. */
    synchronized void fsynced(BlobId id, FileTime linkedAt) {
        links.put(id, linkedAt);
    }
}
