package org.mailstore.reconciler;

import java.time.Duration;

/**
 * What a gc run saw and did.
 *
 * @param blobsScanned     blobs in the tree
 * @param referenced       of those, referenced by at least one message
 * @param journalNamed     of the rest, named by a journal record still retained (kept for replay)
 * @param tooYoung         unreferenced but younger than the grace period (kept)
 * @param deleted          blobs deleted (with {@code dryRun}: that would be deleted)
 * @param bytesFreed       their size
 * @param staleRows        metadata rows of blobs no longer in the tree, removed
 * @param tempFilesRemoved abandoned temp files of puts older than the grace period, removed
 */
public record GcResult(long blobsScanned, long referenced, long journalNamed, long tooYoung, long deleted, long bytesFreed,
                       long staleRows, long tempFilesRemoved, boolean dryRun, Duration elapsed) {
    /** One line for the command's output. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "%s %,d blobs (%,d bytes); scanned %,d, referenced %,d, kept for the journal %,d, within grace %,d; "
                        + "%,d stale metadata rows, %,d temp files; %.1f s",
                dryRun ? "would delete" : "deleted", deleted, bytesFreed, blobsScanned, referenced, journalNamed, tooYoung,
                staleRows, tempFilesRemoved, elapsed.toMillis() / 1000.0);
    }
}
