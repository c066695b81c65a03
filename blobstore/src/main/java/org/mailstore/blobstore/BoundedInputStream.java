package org.mailstore.blobstore;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A stream over a source that ends after a given number of bytes, or earlier where the source ends. Subclasses
 * say where the bytes come from; the bookkeeping of what is left, and the single-byte read, live here once.
 */
abstract class BoundedInputStream extends InputStream {

    private long remaining;

    BoundedInputStream(long limit) {
        this.remaining = limit;
    }

    /** Reads up to {@code length} (at least 1) bytes from the source; -1 at its end. */
    abstract int readSource(byte[] buffer, int offset, int length) throws IOException;

    /** How many bytes the limit still allows; 0 once the source has ended, even if that came before the limit. */
    final long remaining() {
        return remaining;
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int n = readSource(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            remaining = 0;
            return -1;
        }
        remaining -= n;
        return n;
    }
}
