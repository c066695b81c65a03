package org.mailstore.reconciler;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects a run's findings as they are made: counts them, streams each to the report and logs the
 * ones that need action. Keeps only counts in memory, whatever the number of findings.
 */
final class Findings {
    private static final Logger log = LoggerFactory.getLogger(Findings.class);

    private final Report report;
    private final boolean check;
    private final Map<FindingKind, Long> counts = new EnumMap<>(FindingKind.class);
    private final Map<Finding.Status, Long> byStatus = new EnumMap<>(Finding.Status.class);

    Findings(Report report, boolean check) {
        this.report = report;
        this.check = check;
    }

    boolean check() {
        return check;
    }

    /** Something this run repairs (or, checking, would repair). */
    void repairable(FindingKind kind, Map<String, Object> details) {
        add(new Finding(kind, check ? Finding.Status.TO_REPAIR : Finding.Status.REPAIRED, details));
    }

    void unresolved(FindingKind kind, Map<String, Object> details) {
        add(new Finding(kind, Finding.Status.UNRESOLVED, details));
    }

    void info(FindingKind kind, Map<String, Object> details) {
        add(new Finding(kind, Finding.Status.INFO, details));
    }

    void add(Finding f) {
        counts.merge(f.kind(), 1L, Long::sum);
        byStatus.merge(f.status(), 1L, Long::sum);
        report.finding(f);
        if (f.status().needsAction() && log.isDebugEnabled()) log.debug("{} ({}): {}", f.kind().json(), f.status().json(), f.details());
    }

    /** Counts per kind, in declaration order, zero counts left out. */
    Map<FindingKind, Long> counts() {
        return new LinkedHashMap<>(counts);
    }

    long count(Finding.Status status) {
        return byStatus.getOrDefault(status, 0L);
    }

    long count(FindingKind kind) {
        return counts.getOrDefault(kind, 0L);
    }

    /** Findings that make the run exit 1. */
    long needingAction() {
        return count(Finding.Status.TO_REPAIR) + count(Finding.Status.UNRESOLVED);
    }

    /** Details in report order: {@code details("account", a, "uid", 5)}. */
    static Map<String, Object> details(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }
}
