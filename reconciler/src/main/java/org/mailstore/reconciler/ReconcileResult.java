package org.mailstore.reconciler;

import java.time.Duration;
import java.util.Map;

/**
 * What a reconcile found and did.
 *
 * @param counts        findings per kind (kinds with none left out)
 * @param needingAction findings still needing an operator: to repair (a check) or unresolved
 * @param blobsScanned  blobs in the tree
 * @param journalRecords records read from the journal
 * @param verifiedBytes bytes re-hashed ({@code --verify-content})
 * @param phases        how long each phase took, in the order they ran
 */
public record ReconcileResult(Map<FindingKind, Long> counts, long needingAction, long blobsScanned, long journalRecords,
                              long verifiedBytes, Duration elapsed, Map<String, Duration> phases) {
    public ReconcileResult {
        counts = Map.copyOf(counts);
        phases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phases));
    }

    public long count(FindingKind kind) {
        return counts.getOrDefault(kind, 0L);
    }

    /** 0 when nothing needs an operator, 1 otherwise (DESIGN.md: "1 findings or failure"). */
    public int exitCode() {
        return needingAction == 0 ? 0 : 1;
    }
}
