package org.mailstore.blobstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/** A read-only blob channel that reports the bytes read to {@link BlobMetrics}; everything else is the file's. */
final class CountingChannel implements SeekableByteChannel {
    private final SeekableByteChannel file;

    CountingChannel(SeekableByteChannel file) {
        this.file = file;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = file.read(dst);
        BlobMetrics.read(n);
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return file.write(src);
    }

    @Override
    public long position() throws IOException {
        return file.position();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        file.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) throws IOException {
        file.truncate(size);
        return this;
    }

    @Override
    public boolean isOpen() {
        return file.isOpen();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
