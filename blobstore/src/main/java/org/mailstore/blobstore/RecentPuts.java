package org.mailstore.blobstore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool files of the most recent puts of an {@link S3BlobStore}, kept so that the read which follows a
 * delivery (the store parses the message it just stored) is served from the local disk instead of a GET.
 * A spool file holds exactly the bytes that hash to its blob id, and is kept only after S3 acknowledged the
 * object, so serving it is the same as serving the object.
 *
 * <p>Bounded by a count and a byte budget; the oldest put is evicted first and its file deleted. Opening and
 * evicting share one lock, so a file is never deleted between being found and being opened; a channel opened
 * before an eviction keeps reading the unlinked file. Every file left is deleted by {@link #close}.
 */
final class RecentPuts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecentPuts.class);

    private record Spool(Path path, long size) {}

    private final int maxCount;
    private final long maxBytes;
    private final LinkedHashMap<BlobId, Spool> spools = new LinkedHashMap<>();
    private long bytes;
    private boolean closed;

    RecentPuts(int maxCount, long maxBytes) {
        if (maxCount < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("limits must not be negative: " + maxCount + ", " + maxBytes);
        }
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
    }

    /**
     * Takes over the spool file of a blob that is now in S3. Returns false, leaving the file to the caller,
     * when it does not fit at all, when the blob is already kept, or after {@link #close}.
     */
    boolean keep(BlobId id, Path path, long size) {
        List<Path> evicted = new ArrayList<>();
        synchronized (this) {
            if (closed || size > maxBytes || maxCount == 0 || spools.containsKey(id)) {
                return false;
            }
            spools.put(id, new Spool(path, size));
            bytes += size;
            Iterator<Map.Entry<BlobId, Spool>> oldest = spools.entrySet().iterator();
            while (spools.size() > maxCount || bytes > maxBytes) {
                Spool spool = oldest.next().getValue();
                oldest.remove();
                bytes -= spool.size();
                evicted.add(spool.path());
            }
            // Deleted while still holding the lock: a concurrent open must not find an entry whose file is gone.
            evicted.forEach(RecentPuts::delete);
        }
        return true;
    }

    /** A read-only channel on the kept spool of {@code id}, or empty when it is not kept (read it from S3). */
    synchronized Optional<FileChannel> open(BlobId id) {
        Spool spool = spools.get(id);
        if (spool == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(FileChannel.open(spool.path(), StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            LOG.warn("spool file {} of blob {} vanished; reading it from S3", spool.path(), id.hex());
        } catch (IOException e) {
            LOG.warn("cannot open spool file {} of blob {}; reading it from S3: {}", spool.path(), id.hex(),
                    BlobStoreException.reason(e));
        }
        forget(id);
        return Optional.empty();
    }

    /** Drops and deletes the spool of {@code id}, if kept: the blob is being deleted from S3. */
    synchronized void forget(BlobId id) {
        Spool spool = spools.remove(id);
        if (spool != null) {
            bytes -= spool.size();
            delete(spool.path());
        }
    }

    synchronized int count() {
        return spools.size();
    }

    synchronized long bytes() {
        return bytes;
    }

    @Override
    public synchronized void close() {
        closed = true;
        spools.values().forEach(spool -> delete(spool.path()));
        spools.clear();
        bytes = 0;
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not remove spool file {}: {}", path, BlobStoreException.reason(e));
        }
    }
}
