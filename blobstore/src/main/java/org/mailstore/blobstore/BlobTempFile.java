package org.mailstore.blobstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first half of a put: the input copied into a fresh file in the store's temp directory, hashed on the
 * way ({@link #spool}), and fsynced only when {@link #force} is called. Its name is unique across threads (a
 * counter), processes (the pid) and hosts sharing the tree (a random part); the file is created with O_EXCL, so even a collision could not mix two writers.
 */
final class BlobTempFile {

    static final int BUFFER_BYTES = 64 * 1024;
    static final String PREFIX = "put-";
    static final String SUFFIX = ".tmp";

    private static final Logger LOG = LoggerFactory.getLogger(BlobTempFile.class);
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong COUNTER = new AtomicLong();

    private final Path path;
    private final BlobId id;
    private final long size;

    private BlobTempFile(Path path, BlobId id, long size) {
        this.path = path;
        this.id = id;
        this.size = size;
    }

    /**
     * Copies {@code in} to its end into a new temp file in {@code tmpDir}, not yet fsynced: {@link #force} makes it
     * durable when it is to be published (a file store's new blob); a spool whose bytes become durable elsewhere (an
     * upload to S3) or that is dropped (a duplicate) never needs it. On any failure the temp file is removed before
     * the exception leaves.
     */
    static BlobTempFile spool(Path tmpDir, InputStream in) throws IOException {
        Path path = tmpDir.resolve(uniqueName());
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw failed("creating temp file " + path, e);
        }
        boolean written = false;
        try (channel) {
            BlobTempFile file = copy(in, channel, path);
            written = true;
            return file;
        } catch (BlobStoreException e) {
            throw e;
        } catch (IOException e) {
            // Only reached when closing the channel failed after a successful copy.
            throw failed("closing temp file " + path, e);
        } finally {
            if (!written) {
                discard(path);
            }
        }
    }

    private static BlobTempFile copy(InputStream in, FileChannel channel, Path path) throws BlobStoreException {
        MessageDigest digest = BlobId.newDigest();
        byte[] buffer = new byte[BUFFER_BYTES];
        long size = 0;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                throw failed("reading the input", size, e);
            }
            if (n < 0) {
                break;
            }
            digest.update(buffer, 0, n);
            try {
                writeFully(channel, ByteBuffer.wrap(buffer, 0, n));
            } catch (IOException e) {
                throw failed("writing temp file " + path, size, e);
            }
            size += n;
        }
        return new BlobTempFile(path, BlobId.of(digest.digest()), size);
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    Path path() {
        return path;
    }

    BlobId id() {
        return id;
    }

    long size() {
        return size;
    }

    /**
     * fsyncs a temp file written by {@link #spool}: its bytes are on disk before it may be given a blob name. Opening
     * a second descriptor is enough, since fsync flushes the file, not the descriptor.
     */
    void force() throws BlobStoreException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            throw failed("fsync of temp file " + path + " (" + size + " bytes)", e);
        }
    }

    /** Removes the temp name. A failure is only logged: a stale temp file is harmless and GC removes it. */
    void discard() {
        discard(path);
    }

    private static void discard(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not remove temp file {}; garbage collection will: {}", path, BlobStoreException.reason(e));
        }
    }

    private static BlobStoreException failed(String step, long bytesSoFar, Exception e) {
        return failed(step, "after " + bytesSoFar + " bytes", e);
    }

    private static BlobStoreException failed(String step, Exception e) {
        return failed(step, "", e);
    }

    private static BlobStoreException failed(String step, String when, Exception e) {
        return new BlobStoreException("cannot store blob: " + step + " failed" + (when.isEmpty() ? "" : " " + when)
                + ": " + BlobStoreException.reason(e), e);
    }

    private static String uniqueName() {
        return PREFIX + PID + "-" + COUNTER.incrementAndGet() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + SUFFIX;
    }
}
