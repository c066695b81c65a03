package org.mailstore.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mailstore.store.journal.JournalPosition;

/**
 * What a finished backup holds, written last ({@code manifest.json}): its presence is what makes a backup complete.
 * Format and compatibility rules: docs/operations.md, "Backup format".
 *
 * @param snapshotAt    the database's clock when the snapshot was taken
 * @param schemaVersion the Flyway version the tables were copied at; restore migrates to it before loading
 * @param base          the earlier backup in the same directory whose {@link TableFile#delta() delta} table rows this one
 *                      builds on, or null when this backup holds every row itself (a full backup, or any version 1 manifest)
 * @param tables        in load order (referenced tables first)
 * @param blobLists     the blob hash lists: the snapshot's, then the journal's extra ones
 * @param journal       the copied journal segments, each up to the length it had when copied
 * @param counts        messages, blobs, bytes: see {@link Counts}
 * @param missingBlobs  blobs the snapshot references that the live tree did not have (at most
 *                      {@link #MAX_LISTED_MISSING}); a non-empty list makes {@code verify} fail
 */
public record Manifest(int version, BackupId id, Instant startedAt, Instant snapshotAt, Instant finishedAt, String schemaVersion,
                       BackupId base, List<TableFile> tables, List<Identity> identities, List<CheckedFile> blobLists, List<CheckedFile> journal,
                       Counts counts, List<String> missingBlobs) {
    /** The manifest format this code writes; it reads this one and every older one. Version 2 added {@code base} and {@code delta}. */
    public static final int VERSION = 2;
    static final int MAX_LISTED_MISSING = 1000;

    public Manifest {
        Objects.requireNonNull(id, "id");
        tables = List.copyOf(tables);
        identities = List.copyOf(identities);
        blobLists = List.copyOf(blobLists);
        journal = List.copyOf(journal);
        missingBlobs = List.copyOf(missingBlobs);
    }

    /**
     * A table's COPY file, with the columns in the order the file holds them.
     *
     * @param delta false: every row of the table at the snapshot. True (only the {@code blobs} table, whose rows never
     *              change): the rows of the blobs this snapshot references that the {@link #base() base}'s snapshot did
     *              not (all of them when there is no base); restore takes the rest from the base chain
     */
    public record TableFile(String name, List<String> columns, long rows, CheckedFile file, boolean delta) {
        public TableFile {
            columns = List.copyOf(columns);
        }
    }

    /** An identity column's sequence as seen at the snapshot, so a restore never hands out an id again. */
    public record Identity(String table, String column, long lastValue) {}

    /**
     * @param messages        message rows in the snapshot
     * @param blobs           distinct blobs the snapshot references
     * @param blobBytes       their total size
     * @param blobsCopied     blobs this backup added to the shared blob tree (0 for an unchanged store)
     * @param blobBytesCopied bytes it added
     * @param journalBlobs    further blobs named only by journal records (deliveries after the snapshot, expunged ones)
     */
    public record Counts(long messages, long blobs, long blobBytes, long blobsCopied, long blobBytesCopied, long journalBlobs) {}

    public boolean incremental() {
        return base != null;
    }

    /** The table whose rows are spread over the base chain, if this backup has one. */
    public java.util.Optional<TableFile> deltaTable() {
        return tables.stream().filter(TableFile::delta).findFirst();
    }

    /** Every file the manifest vouches for. */
    public List<CheckedFile> files() {
        List<CheckedFile> all = new ArrayList<>();
        tables.forEach(t -> all.add(t.file()));
        all.addAll(blobLists);
        all.addAll(journal);
        return all;
    }

    /** Bytes of the backup: its own files plus the blobs it references (shared with other backups in the same directory). */
    public long totalBytes() {
        return files().stream().mapToLong(CheckedFile::bytes).sum() + counts.blobBytes();
    }

    /** Per journal instance, where the copy ends: its last copied segment and that segment's copied length. */
    public Map<String, JournalPosition> journalPosition() {
        Map<String, JournalPosition> ends = new LinkedHashMap<>();
        for (CheckedFile f : journal) {
            String name = SegmentFiles.fileName(f.path());
            ends.put(SegmentFiles.instanceOf(name), new JournalPosition(name, f.bytes()));
        }
        return ends;
    }
}
