package org.mailstore.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailstore.store.journal.JournalReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mailstore journal prune}: removes live journal segments a verified backup holds in full. A segment is covered
 * when the backup's manifest lists it with exactly its current length (a segment that grew since was still being
 * written, and its tail is in no backup). The newest segment of each instance is never removed, whatever the backup
 * says: it may be the one being written.
 */
public final class JournalPruner {
    private static final Logger log = LoggerFactory.getLogger(JournalPruner.class);

    /** @param removed the segments removed (or, on a dry run, that would be) */
    public record Result(BackupId backup, List<String> removed, long bytes, int kept) {}

    private final BackupDirectory backups;
    private final Path journalDir;

    public JournalPruner(BackupDirectory backups, Path journalDir) {
        this.backups = backups;
        this.journalDir = journalDir;
    }

    public Result prune(Optional<BackupId> which, boolean dryRun) throws IOException {
        BackupId id = which.isPresent() ? which.get() : backups.latestComplete().map(BackupSummary::id)
                .orElseThrow(() -> new IncompleteBackupException("no complete backup in " + backups.root() + "; nothing may be pruned"));
        Manifest m = backups.manifest(id);
        List<String> faults = new BackupVerifier(backups).verify(id);
        if (!faults.isEmpty()) {
            throw new IllegalStateException("backup " + id + " fails verification, so it covers nothing: " + String.join("; ", faults));
        }
        Map<String, Long> copied = new HashMap<>();
        m.journal().forEach(f -> copied.put(SegmentFiles.fileName(f.path()), f.bytes()));
        List<String> live = Files.isDirectory(journalDir) ? JournalReader.segments(journalDir) : List.of();
        List<String> removed = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < live.size(); i++) {
            String name = live.get(i);
            boolean newestOfInstance = i + 1 == live.size() || !SegmentFiles.instanceOf(live.get(i + 1)).equals(SegmentFiles.instanceOf(name));
            Path file = journalDir.resolve(name);
            long size = Files.size(file);
            if (newestOfInstance || !Long.valueOf(size).equals(copied.get(name))) continue;
            removed.add(name);
            bytes += size;
            if (!dryRun) {
                Files.delete(file);
                log.info("pruned journal segment {} ({} bytes), held by backup {}", name, size, id);
            }
        }
        if (!dryRun && !removed.isEmpty()) DurableFiles.forceDirectory(journalDir);
        return new Result(id, removed, bytes, live.size() - removed.size());
    }
}
