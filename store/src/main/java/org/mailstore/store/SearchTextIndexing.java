package org.mailstore.store;

import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SearchTextIndexer} run in the background by {@code serve}. Every {@link #IDLE_POLL} it asks how many batches
 * are {@link SearchTextIndexer#dueBatches due} (full batches queued, or one whose oldest blob waited {@link #GATHER})
 * and runs them, up to {@link #lanes} side by side; after a full batch it asks again at once, so a backlog goes in full
 * batches and its short tail waits for company like any other. Each batch holds one pooled connection while it runs,
 * so deliveries keep the rest of the pool. Closing it lets the batches in progress finish (their transactions are
 * short) and stops the thread; the thread is not interrupted, so a pooled connection is never torn down mid-query.
 *
 * <p>After each round it tells the {@link SearchTextBacklog} whether the queue is over its limit, which makes new
 * deliveries and APPENDs wait; a failed round, and closing, lift the wait, so a broken indexer holds no writer.
 */
public final class SearchTextIndexing implements AutoCloseable {
    /** How long the indexer waits before looking at an empty queue again. */
    public static final Duration IDLE_POLL = Duration.ofSeconds(1);
    /** How long a queued blob waits for others to share its batch: the most that its search text lags when idle. */
    public static final Duration GATHER = Duration.ofSeconds(5);
    /** A failed batch (database away, blob store erroring) is retried after this, not in a tight loop. */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);
    /** INFO progress lines at most this often; each batch has a DEBUG line. */
    static final Duration PROGRESS_INTERVAL = Duration.ofMinutes(1);
    /** The most batches that run side by side, whatever the core count: each holds a pooled connection. */
    static final int MAX_LANES = 4;
    /** Longer than any batch should take; a close that waits longer logs and gives up on the thread. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(SearchTextIndexing.class);

    private final SearchTextIndexer indexer;
    private final SearchTextBacklog backlog;
    /**
     * Batches side by side while full ones wait: one per core (up to {@link #MAX_LANES}). A batch is CPU work, the
     * text read here and the GIN index insertion in PostgreSQL, and one at a time fell behind a steady delivery load
     * on two cores (docs/benchmarks.md, "Scale-out"), so the backlog, and with it the search text lag, grew for as long
     * as the load lasted.
     */
    private final int lanes;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Gauge queueGauge;
    private final Thread thread;
    private long indexedSinceProgress;
    private long lastProgressNanos;

    private SearchTextIndexing(SearchTextIndexer indexer, SearchTextBacklog backlog, int lanes) {
        this.indexer = indexer;
        this.backlog = backlog;
        this.lanes = lanes;
        this.lastProgressNanos = System.nanoTime() - PROGRESS_INTERVAL.toNanos();
        this.queueGauge = StoreMetrics.searchTextQueue(indexer);
        this.thread = Thread.ofVirtual().name("search-text-indexer").unstarted(this::run);
    }

    /** Starts indexing in the background until {@link #close}, reporting the queue to {@code backlog}. */
    public static SearchTextIndexing start(SearchTextIndexer indexer, SearchTextBacklog backlog) {
        return start(indexer, backlog, Math.min(MAX_LANES, Runtime.getRuntime().availableProcessors()));
    }

    static SearchTextIndexing start(SearchTextIndexer indexer, SearchTextBacklog backlog, int lanes) {
        if (lanes < 1) throw new IllegalArgumentException("lanes must be >= 1");
        SearchTextIndexing i = new SearchTextIndexing(indexer, backlog, lanes);
        i.thread.start();
        return i;
    }

    private void run() {
        log.debug("search text indexer started");
        while (stop.getCount() > 0) {
            Duration pause;
            try {
                pause = IDLE_POLL;
                int due = indexer.dueBatches(GATHER, lanes);
                if (due > 0) {
                    for (SearchTextIndexer.Batch b : runBatches(due)) {
                        if (b.taken() > 0) progress(b);
                        if (b.taken() == SearchTextIndexer.BATCH) pause = Duration.ZERO;
                    }
                }
                if (!backlog.settings().off()) backlog.report(indexer.queuedMoreThan(backlog.settings().limit()));
            } catch (RuntimeException e) {
                backlog.report(false);
                log.warn("search text batch failed, retrying in {}: {}", RETRY_AFTER_FAILURE, e.toString());
                pause = RETRY_AFTER_FAILURE;
            }
            if (!pause.isZero() && pausedUntilStopped(pause)) break;
        }
        backlog.report(false); // a round that ended after close() must not leave writers waiting
        log.debug("search text indexer stopped");
    }

    /** Runs {@code n} batches side by side (this thread runs one) and waits for all; the first failure is thrown. */
    private List<SearchTextIndexer.Batch> runBatches(int n) {
        List<SearchTextIndexer.Batch> done = new ArrayList<>();
        try (ExecutorService others = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<SearchTextIndexer.Batch>> running = new ArrayList<>();
            for (int i = 1; i < n; i++) running.add(others.submit(indexer::runBatch));
            done.add(indexer.runBatch());
            for (Future<SearchTextIndexer.Batch> f : running) done.add(f.get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for search text batches", e);
        }
        return done;
    }

    private void progress(SearchTextIndexer.Batch b) {
        log.debug("search text batch: indexed {}, dropped {} missing", b.indexed(), b.missing());
        indexedSinceProgress += b.indexed();
        long now = System.nanoTime();
        if (now - lastProgressNanos < PROGRESS_INTERVAL.toNanos()) return;
        log.info("search text: indexed {} blobs, {} queued", indexedSinceProgress, indexer.queued());
        indexedSinceProgress = 0;
        lastProgressNanos = now;
    }

    /** Waits {@code pause} or until closed; true when closed. */
    private boolean pausedUntilStopped(Duration pause) {
        try {
            return stop.await(pause.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        backlog.report(false);
        try {
            if (!thread.join(STOP_WAIT)) log.warn("search text indexer still running after {}; leaving it", STOP_WAIT);
        } finally {
            StoreMetrics.remove(queueGauge);
        }
    }
}
