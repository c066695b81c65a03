package org.mailstore.blobstore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/**
 * Bytes that went into and came out of the blob tree, in Micrometer's global registry (exported
 * by {@code mailstore serve}; with nothing attached, increments are no-ops). The meters are created
 * once, so the read path pays one add per read call.
 */
public final class BlobMetrics {
    public static final String WRITTEN = "mailstore.blob.written";
    public static final String READ = "mailstore.blob.read";

    private static final Counter WRITTEN_BYTES = Counter.builder(WRITTEN).baseUnit("bytes")
            .description("Bytes written to the blob tree (deduplicated puts included: their temp file was written)")
            .register(Metrics.globalRegistry);
    private static final Counter READ_BYTES = Counter.builder(READ).baseUnit("bytes")
            .description("Bytes read from blobs").register(Metrics.globalRegistry);

    private BlobMetrics() {}

    static void written(long bytes) {
        WRITTEN_BYTES.increment(bytes);
    }

    static void read(long bytes) {
        if (bytes > 0) READ_BYTES.increment(bytes);
    }
}
