package org.mailstore.blobstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Reads a byte range of an open file with positional reads, ending early at the end of the file. It never
 * asks the file for its size (that would be an fstat), so a ranged read costs one open and the reads.
 */
final class RangeInputStream extends BoundedInputStream {

    private final FileChannel channel;
    private final boolean countedAsBlobRead;
    private long position;

    /** A range of a blob's file: its bytes count in {@link BlobMetrics}'s bytes read. */
    RangeInputStream(FileChannel channel, long offset, long length) {
        this(channel, offset, length, true);
    }

    private RangeInputStream(FileChannel channel, long offset, long length, boolean countedAsBlobRead) {
        super(length);
        this.channel = Objects.requireNonNull(channel, "channel");
        this.position = offset;
        this.countedAsBlobRead = countedAsBlobRead;
    }

    /** A range of a file that is not a blob being read (a spool part on its way up): not counted in the metrics. */
    static RangeInputStream uncounted(FileChannel channel, long offset, long length) {
        return new RangeInputStream(channel, offset, length, false);
    }

    @Override
    int readSource(byte[] buffer, int offset, int length) throws IOException {
        int n = channel.read(ByteBuffer.wrap(buffer, offset, length), position);
        if (countedAsBlobRead) BlobMetrics.read(n);
        if (n > 0) position += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
