package org.mailstore.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the search text backlog bounded: while more than {@link #limit} blobs wait for their text
 * ({@code search_text_queue}, indexed after delivery by {@link SearchTextIndexing}), each new delivery or APPEND waits
 * up to {@link #maxWait} before it stores its message, so intake slows to what the indexer keeps up with. A write
 * stall, as an LSM store's writes wait for its compaction: without it a steady load faster than the indexer grew the
 * queue, and with it SEARCH's unindexed tail, for as long as the load lasted (docs/benchmarks.md, "Scale-out").
 *
 * <p>Only the indexer tells it the backlog, after each round of batches; it never blocks a writer for longer than
 * {@link #maxWait}, so a stuck or failing indexer slows intake but never stops it, and a process that runs no indexer
 * (the commands beside {@code serve}) never waits. Several instances on one database each read the shared queue, so
 * all of them slow down together.
 */
public final class SearchTextBacklog {
    /** Queued blobs above which writers wait: ten full batches, a few seconds of indexing. */
    public static final long DEFAULT_LIMIT = 10L * SearchTextIndexer.BATCH;
    /** The longest one delivery or APPEND waits for the backlog to shrink. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(SearchTextBacklog.class);
    private static final Counter WAITS = Counter.builder("mailstore.search.text.backlog.waits")
            .description("Deliveries and APPENDs that waited for the search text backlog").register(Metrics.globalRegistry);

    private final long limit;
    private final Duration maxWait;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private volatile boolean over;

    SearchTextBacklog(long limit, Duration maxWait) {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1");
        this.limit = limit;
        this.maxWait = maxWait;
    }

    long limit() {
        return limit;
    }

    /** From the indexer: whether more than {@link #limit} blobs are queued now. */
    void report(boolean overLimit) {
        if (overLimit == over) return;
        lock.lock();
        try {
            over = overLimit;
            if (!overLimit) room.signalAll();
        } finally {
            lock.unlock();
        }
        if (overLimit) log.info("search text backlog above {} blobs: deliveries and APPENDs wait up to {} for the indexer", limit, maxWait);
        else log.info("search text backlog back under {} blobs", limit);
    }

    /** Before a message is stored: returns at once unless the backlog is over its limit, else when it is not or after {@link #maxWait}. */
    void awaitRoom() {
        if (!over) return;
        WAITS.increment();
        long left = maxWait.toNanos();
        lock.lock();
        try {
            while (over && left > 0) left = room.awaitNanos(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Whether writers wait now. */
    boolean waiting() {
        return over;
    }
}
