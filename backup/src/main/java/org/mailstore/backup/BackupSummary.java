package org.mailstore.backup;

/**
 * One line of {@code backup list}: a complete backup with its manifest, or an incomplete one with the reason.
 *
 * @param manifest null when incomplete
 * @param problem  null when complete
 */
public record BackupSummary(BackupId id, Manifest manifest, String problem) {
    static BackupSummary of(Manifest m) {
        return new BackupSummary(m.id(), m, null);
    }

    static BackupSummary incomplete(BackupId id, String problem) {
        return new BackupSummary(id, null, problem);
    }

    public boolean complete() {
        return manifest != null;
    }
}
