package org.mailstore.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deliveries and journal fsyncs, in Micrometer's global registry ({@code mailstore serve} exports
 * it; with nothing attached, recording is a no-op). Histograms have fixed, published buckets so
 * Prometheus can aggregate latencies across instances.
 */
public final class StoreMetrics {
    public static final String DELIVERIES = "mailstore.deliveries";
    public static final String DELIVERY_LATENCY = "mailstore.delivery.latency";
    public static final String JOURNAL_FSYNC = "mailstore.journal.fsync";
    public static final String SEARCH_TEXT_QUEUED = "mailstore.search.text.queued";
    /** Below a millisecond nothing is worth telling apart; above a minute a delivery has failed anyway. */
    private static final Duration SHORTEST_BUCKET = Duration.ofMillis(1);
    private static final Duration LONGEST_BUCKET = Duration.ofMinutes(1);
    private static final Duration SHORTEST_FSYNC_BUCKET = Duration.ofNanos(100_000);
    private static final Duration LONGEST_FSYNC_BUCKET = Duration.ofSeconds(10);

    private static final Timer DELIVERY = Timer.builder(DELIVERY_LATENCY)
            .description("Time to store one delivered message for all its recipients (blob, rows, journal)")
            .publishPercentileHistogram().minimumExpectedValue(SHORTEST_BUCKET).maximumExpectedValue(LONGEST_BUCKET)
            .register(Metrics.globalRegistry);
    private static final Timer FSYNC = Timer.builder(JOURNAL_FSYNC)
            .description("Duration of one journal segment fsync (one per group commit)")
            .publishPercentileHistogram().minimumExpectedValue(SHORTEST_FSYNC_BUCKET).maximumExpectedValue(LONGEST_FSYNC_BUCKET)
            .register(Metrics.globalRegistry);

    /** One counter per result, built once: registering on every delivery cost a registry lookup and a builder. */
    private static final Map<String, Counter> RESULTS = new ConcurrentHashMap<>();

    private StoreMetrics() {}

    private static Counter deliveries(String result) {
        return Counter.builder(DELIVERIES).description("Recipients delivered to, or refused, by result")
                .tag("result", result).register(Metrics.globalRegistry);
    }

    /** One delivery attempt: its latency, and each recipient's outcome ({@code delivered} or the failure reason). */
    static void delivery(List<DeliveryOutcome> outcomes, long startNanos) {
        DELIVERY.record(Duration.ofNanos(System.nanoTime() - startNanos));
        for (DeliveryOutcome o : outcomes) {
            String result = o.delivered() ? "delivered" : o.failure().reason().name().toLowerCase(Locale.ROOT);
            RESULTS.computeIfAbsent(result, StoreMetrics::deliveries).increment();
        }
    }

    /** The search text backlog, counted when scraped (one COUNT over a queue the indexer keeps short). */
    static Gauge searchTextQueue(SearchTextIndexer indexer) {
        return Gauge.builder(SEARCH_TEXT_QUEUED, indexer, SearchTextIndexer::queued).strongReference(true)
                .description("Blobs whose search text is not indexed yet").register(Metrics.globalRegistry);
    }

    static void remove(Gauge gauge) {
        Metrics.globalRegistry.remove(gauge);
    }

    /** One journal fsync that started at {@code startNanos}. */
    public static void journalFsync(long startNanos) {
        FSYNC.record(Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
