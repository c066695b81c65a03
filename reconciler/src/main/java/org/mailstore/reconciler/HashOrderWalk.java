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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.mailstore.blobstore.BlobId;

/**
 * The blobs of a fan-out tree in ascending hash order, streamed: the path of a blob spells its
 * hash's first characters, so listing each directory's entries in sorted order, depth first,
 * yields hashes in order without holding more than one directory listing per level (a few hundred
 * names) and without sorting anything on disk. A thread of its own walks ahead into a bounded
 * queue, so the walk's file-system time overlaps the database scan it is merged with; it hands each
 * leaf directory's listing to a small pool, because on a cold cache a listing is a wait for the
 * disk, and a disk answers several outstanding reads in little more time than one. The queue holds
 * the listings in hash order whichever finishes first.
 *
 * <p>It yields what {@link org.mailstore.blobstore.FileBlobStore#walk} yields: it descends only into directories named by
 * two lowercase hex characters and takes only entries whose name is a blob id and whose path is
 * exactly where {@link org.mailstore.blobstore.FileBlobStore#pathOf} puts that id, so temp files,
 * foreign and misplaced files are skipped. Unlike {@code walk} it does not stat each entry: on a cold
 * cache a million stats cost more than the listings themselves, and the only thing a stat would
 * exclude, a directory named like a blob, is reported as a blob that cannot be read
 * ({@code --verify-content}) rather than missed.
 */
final class HashOrderWalk implements CloseableIterator<BlobId> {
    /** Leaf directories (of a few to a few hundred blobs each) the walking thread may run ahead of the merge. */
    static final int QUEUE = 256;
    /** Leaf directories listed at once: enough outstanding reads to keep a disk's queue busy. */
    static final int LISTING_THREADS = 16;
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong count = new AtomicLong();
    private final Thread walker;
    private final ExecutorService listers =
            Executors.newFixedThreadPool(LISTING_THREADS, Thread.ofPlatform().daemon().name("blob-list-", 0).factory());
    private java.util.Iterator<BlobId> batch = java.util.Collections.emptyIterator();
    private BlobId next;
    private boolean ended;

    private HashOrderWalk(Path root, int levels, int queue) {
        this.queue = new ArrayBlockingQueue<>(queue);
        walker = Thread.ofPlatform().daemon().name("blob-walk").unstarted(() -> run(root, levels));
        walker.start();
    }

    /** Starts walking the blob tree at {@code root} with {@code levels} fan-out levels. */
    static HashOrderWalk of(Path root, int levels) {
        return of(root, levels, QUEUE);
    }

    static HashOrderWalk of(Path root, int levels, int queue) {
        return new HashOrderWalk(root.toAbsolutePath().normalize(), levels, queue);
    }

    /** Blobs yielded so far. */
    long count() {
        return count.get();
    }

    @Override
    public BlobId peek() {
        while (next == null && !ended) {
            if (batch.hasNext()) {
                next = batch.next();
                break;
            }
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
                @SuppressWarnings("unchecked")
                Future<List<BlobId>> listing = (Future<List<BlobId>>) o;
                batch = await(listing).iterator();
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
        listers.shutdownNow();
        queue.clear();
    }

    private static List<BlobId> await(Future<List<BlobId>> listing) {
        try {
            return listing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while walking the blob tree", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) throw u;
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException("cannot list the blob tree: " + io.getMessage(), io);
            }
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

    private void run(Path root, int levels) {
        try {
            walk(root, "", levels, 0);
            put(END);
            listers.shutdown();
        } catch (InterruptedException e) {
            // closed early
        } catch (IOException e) {
            offer(new UncheckedIOException("cannot list the blob tree under " + root + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            offer(e);
        }
    }

    /**
     * Depth first in name order. {@code prefix} is what the directories above spell: a blob's file
     * belongs here only if its name starts with it, which is where {@link org.mailstore.blobstore.FileBlobStore#pathOf}
     * puts it. The blobs of one leaf directory go to the queue together.
     */
    private void walk(Path dir, String prefix, int levels, int depth) throws IOException, InterruptedException {
        if (depth == levels) {
            put(listers.submit(() -> blobsIn(dir, prefix)));
            return;
        }
        for (String name : sortedNames(dir)) {
            if (!isLevelName(name)) continue;
            try {
                walk(dir.resolve(name), prefix + name, levels, depth + 1);
            } catch (NotDirectoryException e) {
                // a file with a level-like name is foreign; skip it
            }
        }
    }

    private static List<BlobId> blobsIn(Path leaf, String prefix) throws IOException {
        List<String> names;
        try {
            names = sortedNames(leaf);
        } catch (NotDirectoryException e) {
            return List.of(); // a file with a level-like name is foreign
        }
        List<BlobId> found = new ArrayList<>();
        for (String name : names) {
            if (name.length() == BlobId.HEX_LENGTH && name.startsWith(prefix) && isLowerHex(name)) {
                found.add(BlobId.fromHex(name));
            }
        }
        return found;
    }

    private static List<String> sortedNames(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) names.add(p.getFileName().toString());
        }
        // Lowercase hex names sort by string as their bytes do; other names are skipped anyway.
        names.sort(null);
        return names;
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
