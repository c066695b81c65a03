package org.mailstore.store.mime;

import java.io.IOException;
import java.io.InputStream;

/** Opens a byte range of one message: its blob at delivery and in SEARCH, or its bytes in memory. */
@FunctionalInterface
public interface ByteRanges {
    InputStream open(long offset, long length) throws IOException;

    /** Ranges of a message held in memory. */
    static ByteRanges of(byte[] raw) {
        return (offset, length) -> new java.io.ByteArrayInputStream(raw, (int) Math.min(offset, raw.length),
                (int) Math.min(length, raw.length - Math.min(offset, raw.length)));
    }
}
