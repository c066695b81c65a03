package org.mailstore.blobstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Reads a byte range of an open file with positional reads, ending early at the end of the file. It never
 * asks the file for its size (that would be an fstat), so a ranged read costs one open and the reads.
 */
final class RangeInputStream extends InputStream {

    private final FileChannel channel;
    private long position;
    private long remaining;

    RangeInputStream(FileChannel channel, long offset, long length) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.position = offset;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int wanted = (int) Math.min(length, remaining);
        int n = channel.read(ByteBuffer.wrap(buffer, offset, wanted), position);
        BlobMetrics.read(n);
        if (n < 0) {
            remaining = 0;
            return -1;
        }
        position += n;
        remaining -= n;
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
