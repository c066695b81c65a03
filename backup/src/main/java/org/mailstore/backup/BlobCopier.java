package org.mailstore.backup;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobNotFoundException;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.blobstore.StoredBlob;
import org.mailstore.store.maintenance.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies blobs from one blob store into another (a tree or a bucket), {@link #THREADS} at a time, skipping those the target already has
 * (one {@code stat} or HEAD in the target; the source is never listed). Copies go through the target's
 * {@link BlobStore#put}, so each arrives whole and durable (fsynced file and directory, or acknowledged by S3), and its bytes are re-hashed on the way: a source blob whose bytes no
 * longer match its name is reported as damaged and not stored. (Deferring the fsyncs to one pass per 10,000 blobs was
 * tried and measured slower on this project's test machine: the fsyncs then ran one at a time instead of 8 at once.)
 *
 * <p>Used both ways: live store to backup tree, and backup tree to live store on restore.
 */
final class BlobCopier {
    /** Small files are bound by per-file latency (open, fsync), so parallel copies pay off well past the core count. */
    static final int THREADS = 8;
    static final int QUEUE = 1024;
    private static final long PROGRESS_EVERY = 256;
    private static final Logger log = LoggerFactory.getLogger(BlobCopier.class);

    /** Counts of one run; {@code missing} (absent or damaged in the source) lists at most {@link Manifest#MAX_LISTED_MISSING} hashes. */
    record Result(long seen, long present, long copied, long copiedBytes, long missingCount, List<String> missing, long damaged) {}

    private final BlobStore source;
    private final BlobStore target;

    BlobCopier(BlobStore source, BlobStore target) {
        this.source = source;
        this.target = target;
    }

    /**
     * Copies every id the target lacks. {@code inTarget} hears (from worker threads, so it must be thread-safe) each id
     * the target holds afterwards.
     */
    Result copy(Iterator<BlobId> ids, Consumer<BlobId> inTarget, Progress progress) throws IOException {
        Run run = new Run(inTarget);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) workers.add(Thread.ofPlatform().name("blob-copy-" + i).start(run::work));
        long reported = 0;
        try {
            while (ids.hasNext() && run.failure.get() == null) {
                run.queue.put(ids.next());
                long done = run.done.get();
                if (done - reported >= PROGRESS_EVERY) {
                    progress.advance(done - reported);
                    reported = done;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.failure.compareAndSet(null, new IOException("interrupted while copying blobs"));
        } finally {
            run.finish(workers);
        }
        progress.advance(run.done.get() - reported);
        if (run.failure.get() != null) throw run.failure.get();
        return new Result(run.done.get(), run.present.get(), run.copied.get(), run.copiedBytes.get(), run.missingCount.get(),
                List.copyOf(run.missing), run.damaged.get());
    }

    private final class Run {
        private static final BlobId END = BlobId.of(new byte[BlobId.LENGTH]);
        final BlockingQueue<BlobId> queue = new ArrayBlockingQueue<>(QUEUE);
        final AtomicReference<IOException> failure = new AtomicReference<>();
        final AtomicLong done = new AtomicLong();
        final AtomicLong present = new AtomicLong();
        final AtomicLong copied = new AtomicLong();
        final AtomicLong copiedBytes = new AtomicLong();
        final AtomicLong missingCount = new AtomicLong();
        final AtomicLong damaged = new AtomicLong();
        final List<String> missing = Collections.synchronizedList(new ArrayList<>());
        private final Consumer<BlobId> inTarget;

        Run(Consumer<BlobId> inTarget) {
            this.inTarget = inTarget;
        }

        /** Takes ids until the end marker; after a failure it only drains, so the producer never blocks on a full queue. */
        void work() {
            try {
                for (BlobId id = queue.take(); id != END; id = queue.take()) {
                    if (failure.get() == null) {
                        try {
                            one(id);
                        } catch (IOException | RuntimeException e) {
                            IOException io = e instanceof IOException i ? i : new IOException("copying blob " + id.hex() + " failed: " + e.getMessage(), e);
                            failure.compareAndSet(null, io);
                        }
                    }
                    done.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void one(BlobId id) throws IOException {
            if (target.exists(id)) {
                present.incrementAndGet();
                inTarget.accept(id);
                return;
            }
            StoredBlob stored;
            try (InputStream in = source.openStream(id, 0, Long.MAX_VALUE)) {
                stored = target.put(in);
            } catch (BlobNotFoundException e) {
                if (missingCount.incrementAndGet() <= Manifest.MAX_LISTED_MISSING) missing.add(id.hex());
                log.warn("blob {} is missing from {}", id.hex(), source);
                return;
            }
            if (!stored.id().equals(id)) {
                damaged.incrementAndGet();
                if (missingCount.incrementAndGet() <= Manifest.MAX_LISTED_MISSING) missing.add(id.hex());
                if (stored.created()) target.delete(stored.id());
                log.warn("blob {} in {} is damaged: its bytes hash to {}; not copied", id.hex(), source, stored.id().hex());
                return;
            }
            if (stored.created()) {
                copied.incrementAndGet();
                copiedBytes.addAndGet(stored.size());
            } else {
                present.incrementAndGet();
            }
            inTarget.accept(id);
        }

        void finish(List<Thread> workers) throws IOException {
            try {
                for (int i = 0; i < workers.size(); i++) {
                    queue.put(END);
                }
                for (Thread t : workers) t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for blob copies", e);
            }
        }
    }
}
