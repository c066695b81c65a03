package org.mailstore.backup;

import java.util.ArrayList;
import java.util.List;

/**
 * Wall time of each step of a backup, logged at debug level: progress lines show the long phases, this shows the
 * short ones in between (lock, fsyncs, manifest), which is where an incremental backup's fixed cost hides.
 */
final class StepTimes {
    private final List<String> steps = new ArrayList<>();
    private long last = System.nanoTime();

    /** Ends the current step. */
    void lap(String step) {
        long now = System.nanoTime();
        steps.add(step + " " + (now - last) / 1_000_000 + " ms");
        last = now;
    }

    @Override
    public String toString() {
        return String.join(", ", steps);
    }
}
