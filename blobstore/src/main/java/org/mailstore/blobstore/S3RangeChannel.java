package org.mailstore.blobstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A read-only channel over one S3 object. It reads on from the GET it was opened with while the caller reads
 * sequentially; after a seek the next read aborts that GET and issues a ranged one from the new position,
 * so a reader that jumps to one MIME part downloads only from there. The size is the first GET's length:
 * no HEAD, no listing.
 */
final class S3RangeChannel implements SeekableByteChannel {

    /** Issues a GET from a position to the end of the object. */
    @FunctionalInterface
    interface RangedGet {
        ResponseInputStream<GetObjectResponse> from(long position) throws IOException;
    }

    private final long size;
    private final RangedGet rangedGet;
    private S3ObjectStream body;
    private long bodyPosition;
    private long position;
    private boolean open = true;

    S3RangeChannel(ResponseInputStream<GetObjectResponse> first, long size, RangedGet rangedGet) {
        this.size = size;
        this.rangedGet = rangedGet;
        this.body = new S3ObjectStream(first, size);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (position >= size) {
            return -1;
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (body == null || bodyPosition != position) {
            dropBody();
            body = new S3ObjectStream(rangedGet.from(position), size - position);
            bodyPosition = position;
        }
        byte[] chunk = new byte[(int) Math.min(dst.remaining(), size - position)];
        int n = body.read(chunk, 0, chunk.length);
        if (n < 0) {
            throw new BlobStoreException("object ended at " + position + " of " + size + " bytes");
        }
        dst.put(chunk, 0, n);
        position += n;
        bodyPosition += n;
        return n;
    }

    private void dropBody() throws IOException {
        if (body != null) {
            S3ObjectStream old = body;
            body = null;
            old.close();
        }
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position: " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (open) {
            open = false;
            dropBody();
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
