package org.mailstore.server;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The Prometheus registry {@code serve} exports on {@code /metrics}. It joins Micrometer's global
 * registry, where the protocol modules, the store, the blob store and the connection pool record
 * (net.ProtocolMetrics, store.StoreMetrics, blobstore.BlobMetrics, HikariCP's tracker), so they
 * need not know it exists; closing it leaves the global registry as it was.
 */
final class ServeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    private ServeMetrics() {}

    static ServeMetrics start() {
        ServeMetrics m = new ServeMetrics();
        new JvmMemoryMetrics().bindTo(m.registry);
        m.gc.bindTo(m.registry);
        new JvmThreadMetrics().bindTo(m.registry);
        new ClassLoaderMetrics().bindTo(m.registry);
        new ProcessorMetrics().bindTo(m.registry);
        new UptimeMetrics().bindTo(m.registry);
        new FileDescriptorMetrics().bindTo(m.registry);
        Metrics.addRegistry(m.registry);
        return m;
    }

    /** Every meter in Prometheus text format 0.0.4. */
    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        Metrics.removeRegistry(registry);
        gc.close();
        registry.close();
    }
}
