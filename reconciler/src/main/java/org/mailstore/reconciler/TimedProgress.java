package org.mailstore.reconciler;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.mailstore.store.maintenance.Progress;

/** Passes progress on and remembers how long each phase took, for the report and benchmarks. */
final class TimedProgress implements Progress {
    private final Progress next;
    private final LongSupplier nanoClock;
    private final Map<String, Duration> phases = new LinkedHashMap<>();
    private String current;
    private long started;

    TimedProgress(Progress next) {
        this(next, System::nanoTime);
    }

    TimedProgress(Progress next, LongSupplier nanoClock) {
        this.next = next;
        this.nanoClock = nanoClock;
    }

    @Override
    public void phase(String name, long expectedTotal) {
        current = name;
        started = nanoClock.getAsLong();
        next.phase(name, expectedTotal);
    }

    @Override
    public void advance(long items) {
        next.advance(items);
    }

    @Override
    public void done() {
        if (current != null) phases.merge(current, Duration.ofNanos(nanoClock.getAsLong() - started), Duration::plus);
        current = null;
        next.done();
    }

    /** Phase durations in the order they ran. */
    Map<String, Duration> phases() {
        return new LinkedHashMap<>(phases);
    }
}
