package org.mailstore.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the search text backlog bounded: while more than {@link Settings#limit} blobs wait for their text
 * ({@code search_text_queue}, indexed after delivery by {@link SearchTextIndexing}), each new delivery or APPEND waits
 * up to {@link Settings#maxWait} before it stores its message, so intake slows to what the indexer keeps up with. A
 * write stall, as an LSM store's writes wait for its compaction: without it a steady load faster than the indexer grew
 * the queue, and with it SEARCH's unindexed tail, for as long as the load lasted (docs/benchmarks.md, "Scale-out").
 *
 * <p>Only the indexer tells it the backlog, after each round of batches; it never holds a writer longer than
 * {@link Settings#maxWait}, so a stuck or failing indexer slows intake but never stops it, and a store that runs no
 * indexer (the commands beside {@code serve}) has none and never waits. Several instances on one database each read
 * the shared queue, so all of them slow down together.
 */
public final class SearchTextBacklog {
    private static final Logger log = LoggerFactory.getLogger(SearchTextBacklog.class);
    private static final Counter WAITS = Counter.builder("mailstore.search.text.backlog.waits")
            .description("Deliveries and APPENDs that waited for the search text backlog").register(Metrics.globalRegistry);
    /** Changes of state are logged at INFO at most this often (a saturating load flips it every second or two). */
    private static final Duration LOG_INTERVAL = Duration.ofMinutes(1);
    /** Lets every writer through: the store's backlog while no indexer runs (declared after what its constructor reads). */
    static final SearchTextBacklog NONE = new SearchTextBacklog(Settings.OFF);

    /**
     * {@code limit}: queued blobs above which writers wait, 0 for never; {@code maxWait}: the longest one delivery or
     * APPEND waits for the backlog to shrink.
     */
    public record Settings(long limit, Duration maxWait) {
        /** Ten full batches, a few seconds of indexing. */
        public static final long DEFAULT_LIMIT = 10L * SearchTextIndexer.BATCH;
        public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(1);
        public static final Settings DEFAULT = new Settings(DEFAULT_LIMIT, DEFAULT_MAX_WAIT);
        public static final Settings OFF = new Settings(0, Duration.ZERO);

        public Settings {
            if (limit < 0) throw new IllegalArgumentException("limit must be >= 0");
            if (maxWait.isNegative()) throw new IllegalArgumentException("maxWait must not be negative");
        }

        boolean off() {
            return limit == 0 || maxWait.isZero();
        }
    }

    private final Settings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private volatile boolean over;
    private long waitsSinceLog;
    private long lastLogNanos = System.nanoTime() - LOG_INTERVAL.toNanos();

    SearchTextBacklog(Settings settings) {
        this.settings = settings;
    }

    Settings settings() {
        return settings;
    }

    /** From the indexer: whether more than {@link Settings#limit} blobs are queued now. */
    void report(boolean overLimit) {
        if (overLimit == over) return;
        lock.lock();
        try {
            over = overLimit;
            if (!overLimit) room.signalAll();
        } finally {
            lock.unlock();
        }
        logChange(overLimit);
    }

    private synchronized void logChange(boolean overLimit) {
        long now = System.nanoTime();
        if (!overLimit || now - lastLogNanos < LOG_INTERVAL.toNanos()) {
            log.debug("search text backlog {} {} blobs", overLimit ? "above" : "back under", settings.limit());
            return;
        }
        log.info("search text backlog above {} blobs: deliveries and APPENDs wait up to {} for the indexer"
                + " ({} waited since the last such line)", settings.limit(), settings.maxWait(), (long) WAITS.count() - waitsSinceLog);
        waitsSinceLog = (long) WAITS.count();
        lastLogNanos = now;
    }

    /** Before a message is stored: returns at once unless the backlog is over its limit, else when it is not or after {@link Settings#maxWait}. */
    void awaitRoom() {
        if (!over) return;
        WAITS.increment();
        long left = settings.maxWait().toNanos();
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
