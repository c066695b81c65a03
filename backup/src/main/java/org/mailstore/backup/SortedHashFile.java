package org.mailstore.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.mailstore.blobstore.BlobId;

/**
 * Membership in a sorted blob list ({@code blobs.txt}: fixed-width lines of 64 hex characters and a newline) without
 * holding the list: a sparse index of every {@link #STRIDE}th hash (1/64 of the list) finds the block, and one read of
 * that block answers. Checking a journal's hashes against millions of snapshot hashes thus costs one small read each.
 */
final class SortedHashFile implements AutoCloseable {
    static final int LINE = BlobId.HEX_LENGTH + 1;
    static final int STRIDE = 64;

    private final FileChannel channel;
    private final long lines;
    private final String[] index;
    private final ByteBuffer block = ByteBuffer.allocate(STRIDE * LINE);

    SortedHashFile(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.lines = channel.size() / LINE;
        int entries = (int) ((lines + STRIDE - 1) / STRIDE);
        this.index = new String[entries];
        ByteBuffer one = ByteBuffer.allocate(BlobId.HEX_LENGTH);
        for (int i = 0; i < entries; i++) {
            one.clear();
            readFully(one, (long) i * STRIDE * LINE);
            index[i] = new String(one.array(), StandardCharsets.US_ASCII);
        }
    }

    boolean contains(BlobId id) throws IOException {
        String wanted = id.hex();
        int at = Arrays.binarySearch(index, wanted);
        if (at >= 0) return true;
        int blockIndex = -at - 2; // the last index entry below wanted
        if (blockIndex < 0) return false;
        long first = (long) blockIndex * STRIDE;
        int count = (int) Math.min(STRIDE, lines - first);
        block.clear().limit(count * LINE);
        readFully(block, first * LINE);
        byte[] bytes = block.array();
        for (int i = 1; i < count; i++) {
            int cmp = new String(bytes, i * LINE, BlobId.HEX_LENGTH, StandardCharsets.US_ASCII).compareTo(wanted);
            if (cmp == 0) return true;
            if (cmp > 0) return false;
        }
        return false;
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) throw new IOException("blob list ends early at byte " + at);
            at += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
