package org.mailstore.store;

import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SearchTextIndexer} run in the background by {@code serve}: one virtual thread, one batch (one connection)
 * at a time so deliveries keep the rest of the pool. Every {@link #IDLE_POLL} it asks whether a batch is
 * {@link SearchTextIndexer#due due} (a full batch queued, or the oldest blob waited {@link #GATHER}) and runs one;
 * after a full batch it asks again at once, so a backlog goes in full batches and its short tail waits for company
 * like any other. Closing it lets the batch in progress finish (its transaction is short) and stops the thread; the thread is not interrupted, so a pooled connection is never torn down mid-query.
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
    /** Longer than any batch should take; a close that waits longer logs and gives up on the thread. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(SearchTextIndexing.class);

    private final SearchTextIndexer indexer;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Gauge queueGauge;
    private final Thread thread;
    private long indexedSinceProgress;
    private long lastProgressNanos;

    private SearchTextIndexing(SearchTextIndexer indexer) {
        this.indexer = indexer;
        this.lastProgressNanos = System.nanoTime() - PROGRESS_INTERVAL.toNanos();
        this.queueGauge = StoreMetrics.searchTextQueue(indexer);
        this.thread = Thread.ofVirtual().name("search-text-indexer").unstarted(this::run);
    }

    /** Starts indexing in the background until {@link #close}. */
    public static SearchTextIndexing start(SearchTextIndexer indexer) {
        SearchTextIndexing i = new SearchTextIndexing(indexer);
        i.thread.start();
        return i;
    }

    private void run() {
        log.debug("search text indexer started");
        while (stop.getCount() > 0) {
            Duration pause;
            try {
                pause = IDLE_POLL;
                if (indexer.due(GATHER)) {
                    SearchTextIndexer.Batch b = indexer.runBatch();
                    if (b.taken() > 0) progress(b);
                    if (b.taken() == SearchTextIndexer.BATCH) pause = Duration.ZERO;
                }
            } catch (RuntimeException e) {
                log.warn("search text batch failed, retrying in {}: {}", RETRY_AFTER_FAILURE, e.toString());
                pause = RETRY_AFTER_FAILURE;
            }
            if (!pause.isZero() && pausedUntilStopped(pause)) break;
        }
        log.debug("search text indexer stopped");
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
        try {
            if (!thread.join(STOP_WAIT)) log.warn("search text indexer still running after {}; leaving it", STOP_WAIT);
        } finally {
            StoreMetrics.remove(queueGauge);
        }
    }
}
