package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mailstore.store.maintenance.Progress;

class TimedProgressTest {
    @Test
    void remembersEachPhasesDurationInOrder() {
        AtomicLong nanos = new AtomicLong();
        TimedProgress p = new TimedProgress(Progress.NONE, nanos::get);
        p.phase("journal", -1);
        nanos.addAndGet(2_000_000_000L);
        p.done();
        p.phase("blobs", 10);
        p.advance(10);
        nanos.addAndGet(500_000_000L);
        p.done();
        assertEquals(List.of("journal", "blobs"), List.copyOf(p.phases().keySet()));
        assertEquals(Duration.ofMillis(2_000), p.phases().get("journal"));
        assertEquals(Duration.ofMillis(500), p.phases().get("blobs"));
    }
}
