package org.mailstore.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.mailstore.blobstore.BlobId;

/**
 * Membership in a sorted blob list ({@code blobs.txt}: fixed-width lines of 64 hex characters and a newline) by binary
 * search on the file, so checking a journal's hashes against millions of snapshot hashes needs no memory for them.
 */
final class SortedHashFile implements AutoCloseable {
    static final int LINE = BlobId.HEX_LENGTH + 1;

    private final FileChannel channel;
    private final long lines;
    private final ByteBuffer buffer = ByteBuffer.allocate(BlobId.HEX_LENGTH);

    SortedHashFile(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.lines = channel.size() / LINE;
    }

    boolean contains(BlobId id) throws IOException {
        String wanted = id.hex();
        long lo = 0;
        long hi = lines - 1;
        while (lo <= hi) {
            long mid = (lo + hi) >>> 1;
            int cmp = lineAt(mid).compareTo(wanted);
            if (cmp == 0) return true;
            if (cmp < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return false;
    }

    private String lineAt(long index) throws IOException {
        buffer.clear();
        long at = index * LINE;
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, at + buffer.position()) < 0) throw new IOException("blob list ends early at line " + index);
        }
        return new String(buffer.array(), StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
