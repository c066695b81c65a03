package org.mailstore.reconciler;

import java.time.Duration;
import java.util.Objects;

/**
 * @param grace  blobs (and stale temp files) younger than this are never deleted: deliveries in
 *               flight, blobs just restored from tape, backups copying the tree
 * @param dryRun report what would be deleted; delete nothing
 */
public record GcOptions(Duration grace, boolean dryRun) {
    public static final Duration DEFAULT_GRACE = Duration.ofDays(7);

    public GcOptions {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) throw new IllegalArgumentException("grace must not be negative");
    }
}
