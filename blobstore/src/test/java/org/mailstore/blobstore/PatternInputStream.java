package org.mailstore.blobstore;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.SplittableRandom;

/**
 * A reproducible stream of pseudo-random bytes of a given length, so big blobs can be written and their
 * expected hash computed without holding them in memory.
 */
class PatternInputStream extends InputStream {

    private final SplittableRandom random;
    private long remaining;

    PatternInputStream(long length, long seed) {
        this.random = new SplittableRandom(seed);
        this.remaining = length;
    }

    /** The id the bytes of {@code new PatternInputStream(length, seed)} will get. */
    static BlobId expectedId(long length, long seed) {
        MessageDigest digest = BlobId.newDigest();
        byte[] buffer = new byte[64 * 1024];
        try (PatternInputStream in = new PatternInputStream(length, seed)) {
            for (int n; (n = in.read(buffer, 0, buffer.length)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return BlobId.of(digest.digest());
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        int n = (int) Math.min(length, remaining);
        byte[] chunk = new byte[n];
        random.nextBytes(chunk);
        System.arraycopy(chunk, 0, buffer, offset, n);
        remaining -= n;
        return n;
    }

    @Override
    public void close() {
    }
}
