package org.mailstore.blobstore.testing;

import java.io.IOException;
import java.io.InputStream;

/**
 * Delivers the first {@code limit} bytes of another stream, then fails with {@code failure} on every read: a dropped
 * client ("connection reset") or a full disk ("No space left on device"), as the test chooses.
 */
public final class BreakingInputStream extends InputStream {

    private final InputStream source;
    private final long limit;
    private final IOException failure;
    private long delivered;

    public BreakingInputStream(InputStream source, long limit, IOException failure) {
        this.source = source;
        this.limit = limit;
        this.failure = failure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (delivered >= limit) {
            throw failure;
        }
        int n = source.read(buffer, offset, (int) Math.min(length, limit - delivered));
        if (n > 0) {
            delivered += n;
        }
        return n;
    }
}
