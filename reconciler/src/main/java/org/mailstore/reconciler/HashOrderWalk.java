package org.mailstore.reconciler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.FileBlobStore;

/**
 * The blobs of a fan-out tree in ascending hash order, streamed: the path of a blob spells its
 * hash's first characters, so listing each directory's entries in sorted order, depth first,
 * yields hashes in order without holding more than one directory listing per level (a few hundred
 * names) and without sorting anything on disk. A thread of its own walks ahead into a bounded
 * queue, so the walk's file-system time overlaps the database scan it is merged with.
 *
 * <p>It yields what {@link FileBlobStore#walk} yields: it descends only into directories named by
 * two lowercase hex characters and takes only regular files whose name is a blob id and whose
 * path is exactly where {@link FileBlobStore#pathOf} puts that id, so temp files, foreign and
 * misplaced files are skipped.
 */
final class HashOrderWalk implements CloseableIterator<BlobId> {
    /** Hashes the walking thread may run ahead of the merge. */
    static final int QUEUE = 8_192;
    private static final BlobId END = BlobId.of(new byte[BlobId.LENGTH]);

    private final BlockingQueue<Object> queue;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong count = new AtomicLong();
    private final Thread walker;
    private BlobId next;
    private boolean ended;

    private HashOrderWalk(FileBlobStore blobs, Path root, int levels, int queue) {
        this.queue = new ArrayBlockingQueue<>(queue);
        walker = Thread.ofPlatform().daemon().name("blob-walk").unstarted(() -> run(blobs, root, levels));
        walker.start();
    }

    /** Starts walking {@code root}, the tree of {@code blobs} with {@code levels} fan-out levels. */
    static HashOrderWalk of(FileBlobStore blobs, Path root, int levels) {
        return of(blobs, root, levels, QUEUE);
    }

    static HashOrderWalk of(FileBlobStore blobs, Path root, int levels, int queue) {
        return new HashOrderWalk(blobs, root.toAbsolutePath().normalize(), levels, queue);
    }

    /** Blobs yielded so far. */
    long count() {
        return count.get();
    }

    @Override
    public BlobId peek() {
        if (next == null && !ended) {
            Object o;
            try {
                o = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while walking the blob tree", e);
            }
            if (o instanceof RuntimeException e) throw e;
            if (o == END) {
                ended = true;
            } else {
                next = (BlobId) o;
            }
        }
        return next;
    }

    @Override
    public boolean hasNext() {
        return peek() != null;
    }

    @Override
    public BlobId next() {
        BlobId id = peek();
        if (id == null) throw new java.util.NoSuchElementException();
        next = null;
        count.incrementAndGet();
        return id;
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) return;
        walker.interrupt();
        queue.clear();
    }

    private void run(FileBlobStore blobs, Path root, int levels) {
        try {
            walk(blobs, root, levels, 0);
            put(END);
        } catch (InterruptedException e) {
            // closed early
        } catch (IOException e) {
            offer(new UncheckedIOException("cannot list the blob tree under " + root + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            offer(e);
        }
    }

    private void walk(FileBlobStore blobs, Path dir, int levels, int depth) throws IOException, InterruptedException {
        for (Path entry : sortedEntries(dir)) {
            String name = entry.getFileName().toString();
            if (depth < levels) {
                if (isLevelName(name)) {
                    try {
                        walk(blobs, entry, levels, depth + 1);
                    } catch (NotDirectoryException e) {
                        // a file with a level-like name is foreign; skip it
                    }
                }
            } else if (name.length() == BlobId.HEX_LENGTH && isLowerHex(name)) {
                BlobId id = BlobId.fromHex(name);
                if (blobs.pathOf(id).equals(entry) && Files.isRegularFile(entry)) put(id);
            }
        }
    }

    private static List<Path> sortedEntries(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) entries.add(p);
        }
        // Lowercase hex names sort by string as their bytes do; other names are skipped anyway.
        entries.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return entries;
    }

    private void put(Object o) throws InterruptedException {
        if (closed.get()) throw new InterruptedException();
        queue.put(o);
    }

    private void offer(RuntimeException e) {
        try {
            if (!closed.get()) queue.put(e);
        } catch (InterruptedException ignored) {
            // closed meanwhile
        }
    }

    private static boolean isLevelName(String name) {
        return name.length() == 2 && isLowerHex(name);
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) return false;
        }
        return true;
    }
}
