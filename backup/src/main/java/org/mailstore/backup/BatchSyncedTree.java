package org.mailstore.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.FileBlobStore;

/**
 * Writes many blobs into a hashed tree and makes them durable in batches rather than one by one. A
 * {@link FileBlobStore#put} fsyncs its file and its directory before it returns, as a delivery must; a bulk copy of
 * 100,000 small blobs then spends most of its time waiting for two fsyncs per blob. Here a blob is written to a temp
 * file in the tree's {@code tmp/}, hashed on the way, and linked under its name (never replacing an existing file,
 * like {@code put}), without fsync; every {@link #SYNC_BATCH} blobs, and in {@link #sync}, the files written since
 * and their directories are fsynced, by then mostly written back by the kernel.
 *
 * <p>The caller's obligation: nothing may vouch for the blobs (a manifest, a "restored" line) before {@link #sync}
 * returned. Until then a crash may leave a named blob with lost bytes; so a backup whose manifest is missing must
 * not be trusted, which it never is, and a restore interrupted before its end must be restarted with {@code --force}.
 */
final class BatchSyncedTree {
    static final int SYNC_BATCH = 10_000;
    static final int BUFFER_BYTES = 64 * 1024;
    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong COUNTER = new AtomicLong();

    private final FileBlobStore tree;
    private final Path tmp;
    private final Set<Path> knownDirs = ConcurrentHashMap.newKeySet();
    private final Object batchLock = new Object();
    private List<Path> unsyncedFiles = new ArrayList<>();
    private Set<Path> unsyncedDirs = ConcurrentHashMap.newKeySet();

    /** What {@link #write} did. */
    record Written(BlobId id, long size, boolean created) {}

    BatchSyncedTree(Path root, int fanout) {
        this.tree = new FileBlobStore(root, fanout);
        this.tmp = root.toAbsolutePath().normalize().resolve(FileBlobStore.TEMP_DIRECTORY);
    }

    boolean exists(BlobId id) throws IOException {
        return tree.exists(id);
    }

    /** Copies {@code in} to its end and links it under the hash of what was read, which the caller compares with what it expected. */
    Written write(InputStream in) throws IOException {
        Path temp = tmp.resolve("copy-" + PID + "-" + COUNTER.incrementAndGet() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            MessageDigest digest = MessageDigest.getInstance(BlobId.ALGORITHM);
            long size = 0;
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[BUFFER_BYTES];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    digest.update(buffer, 0, n);
                    ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                    while (b.hasRemaining()) out.write(b);
                    size += n;
                }
            }
            BlobId id = BlobId.of(digest.digest());
            Path target = tree.pathOf(id);
            Path dir = target.getParent();
            if (!knownDirs.contains(dir)) {
                createDirectories(dir);
                knownDirs.add(dir);
            }
            try {
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException e) {
                return new Written(id, size, false);
            }
            written(target, dir);
            return new Written(id, size, true);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    void delete(BlobId id) throws IOException {
        tree.delete(id);
    }

    /** Makes every blob written so far durable, file and directory. */
    void sync() throws IOException {
        List<Path> files;
        Set<Path> dirs;
        synchronized (batchLock) {
            files = unsyncedFiles;
            dirs = unsyncedDirs;
            unsyncedFiles = new ArrayList<>();
            unsyncedDirs = ConcurrentHashMap.newKeySet();
        }
        for (Path f : files) DurableFiles.forceFile(f);
        for (Path d : dirs) DurableFiles.forceDirectory(d);
    }

    private void written(Path file, Path dir) throws IOException {
        boolean full;
        synchronized (batchLock) {
            unsyncedFiles.add(file);
            unsyncedDirs.add(dir);
            full = unsyncedFiles.size() >= SYNC_BATCH;
        }
        if (full) sync();
    }

    /** New fan-out directories are recorded with their parents, so the sync makes their entries durable too. */
    private void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return;
        Path parent = dir.getParent();
        createDirectories(parent);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) throw e;
        }
        synchronized (batchLock) {
            unsyncedDirs.add(parent);
        }
    }
}
