package org.mailstore.reconciler;

import java.nio.file.Path;
import java.util.Objects;

/**
 * @param check         report only; change nothing (exit 1 when anything needs repair)
 * @param verifyContent re-hash every blob and quarantine those whose bytes no longer match
 * @param missing       what a repair does with rows whose blob is missing
 * @param reportFile    where to write the JSON report, or null for none
 * @param quarantineDir where corrupt blobs go, or null for {@code <blobDir>/quarantine}
 */
public record ReconcileOptions(boolean check, boolean verifyContent, MissingPolicy missing, Path reportFile, Path quarantineDir) {
    public ReconcileOptions {
        Objects.requireNonNull(missing, "missing");
    }

    public static ReconcileOptions checking() {
        return new ReconcileOptions(true, false, MissingPolicy.REPORT, null, null);
    }

    public static ReconcileOptions repairing() {
        return new ReconcileOptions(false, false, MissingPolicy.REPORT, null, null);
    }

    public ReconcileOptions withVerifyContent() {
        return new ReconcileOptions(check, true, missing, reportFile, quarantineDir);
    }

    public ReconcileOptions withMissing(MissingPolicy policy) {
        return new ReconcileOptions(check, verifyContent, policy, reportFile, quarantineDir);
    }

    public ReconcileOptions withReport(Path file) {
        return new ReconcileOptions(check, verifyContent, missing, file, quarantineDir);
    }
}
