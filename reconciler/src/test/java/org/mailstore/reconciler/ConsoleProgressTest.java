package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    final AtomicLong nanos = new AtomicLong();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void withoutATerminalPlainLinesAtMostEveryTenSecondsAndOneAtTheEnd() {
        ConsoleProgress p = new ConsoleProgress(out, false, "reconcile", nanos::get);
        p.phase("blobs", 1_000_000);
        nanos.set(5_000_000_000L);
        p.advance(400_000);
        nanos.set(10_000_000_000L);
        p.advance(100_000);
        nanos.set(12_000_000_000L);
        p.advance(500_000);
        p.done();
        assertEquals("reconcile: blobs: 500,000 of ~1,000,000 (50,000/s)\n"
                + "reconcile: blobs: 1,000,000 done in 12.0 s (83,333/s)\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onATerminalABarRedrawnInPlace() {
        ConsoleProgress p = new ConsoleProgress(out, true, "gc", nanos::get);
        p.phase("sweep", 200);
        nanos.set(1_000_000_000L);
        p.advance(50);
        nanos.set(1_050_000_000L);
        p.advance(50);
        String shown = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(shown.endsWith("\r\033[Kgc: sweep [#######.......................] 25% 50 of ~200 (50/s)"), shown);
        p.done();
        assertTrue(bytes.toString(StandardCharsets.UTF_8).endsWith("\r\033[Kgc: sweep: 100 done in 1.1 s (95/s)\n"));
    }
}
