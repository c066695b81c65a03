package org.mailstore.server;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Latencies and failures by operation. Each client thread fills its own; {@link #add(ImapLatencies)} merges them
 * after the run, so recording takes no lock.
 */
final class ImapLatencies {
    private final Map<ImapOperation, long[]> nanos = new EnumMap<>(ImapOperation.class);
    private final Map<ImapOperation, Integer> counts = new EnumMap<>(ImapOperation.class);
    private final Map<ImapOperation, Integer> failures = new EnumMap<>(ImapOperation.class);

    void record(ImapOperation op, long elapsedNanos, boolean ok) {
        int n = counts.getOrDefault(op, 0);
        long[] values = nanos.computeIfAbsent(op, k -> new long[1024]);
        if (n == values.length) nanos.put(op, values = Arrays.copyOf(values, n * 2));
        values[n] = elapsedNanos;
        counts.put(op, n + 1);
        if (!ok) failures.merge(op, 1, Integer::sum);
    }

    void add(ImapLatencies other) {
        for (ImapOperation op : ImapOperation.values()) {
            int theirs = other.count(op);
            for (int i = 0; i < theirs; i++) record(op, other.nanos.get(op)[i], true);
            if (other.failed(op) > 0) failures.merge(op, other.failed(op), Integer::sum);
        }
    }

    int count(ImapOperation op) {
        return counts.getOrDefault(op, 0);
    }

    int failed(ImapOperation op) {
        return failures.getOrDefault(op, 0);
    }

    int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    int totalFailed() {
        return failures.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The {@code q} quantile (0..1) of one operation's latency in milliseconds; 0 when it never ran. */
    double millis(ImapOperation op, double q) {
        int n = count(op);
        if (n == 0) return 0;
        long[] sorted = Arrays.copyOf(nanos.get(op), n);
        Arrays.sort(sorted);
        return sorted[(int) ((n - 1) * q)] / 1e6;
    }

    /** The {@code q} quantile over every operation. */
    double millis(double q) {
        int n = total();
        if (n == 0) return 0;
        long[] all = new long[n];
        int at = 0;
        for (ImapOperation op : ImapOperation.values()) {
            int c = count(op);
            if (c > 0) System.arraycopy(nanos.get(op), 0, all, at, c);
            at += c;
        }
        Arrays.sort(all);
        return all[(int) ((n - 1) * q)] / 1e6;
    }
}
