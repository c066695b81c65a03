package org.mailstore.backup;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.mailstore.blobstore.BlobId;
import org.mailstore.store.journal.JournalEntry;
import org.mailstore.store.journal.JournalReader;
import org.mailstore.store.journal.JournalRecord;
import org.mailstore.store.maintenance.Progress;

/**
 * The journal half of a backup, done last: copies every segment as far as it is written when its copy starts (a
 * segment still being appended to may end in a torn record, which readers treat as its end), then copies the blobs
 * that only journal records name: deliveries acknowledged after the snapshot, and expunged messages whose records are
 * still retained. Replaying these segments after a restore brings the later deliveries back.
 */
final class JournalCopy {
    /** Hashes remembered to skip repeats (one blob, many recipients); past this, repeats only cost a stat each. */
    static final int SEEN_LIMIT = 1_000_000;
    private static final int BUFFER_BYTES = 1 << 16;

    private JournalCopy() {}

    static List<CheckedFile> copySegments(Path liveJournal, Path backupDir, Progress progress) throws IOException {
        List<CheckedFile> out = new ArrayList<>();
        if (!Files.isDirectory(liveJournal)) return out;
        List<String> names = JournalReader.segments(liveJournal);
        Path dir = DurableFiles.createDirectories(backupDir.resolve(SegmentFiles.DIRECTORY));
        progress.phase("journal", names.size());
        for (String name : names) {
            out.add(copySegment(liveJournal.resolve(name), dir.resolve(name)));
            progress.advance(1);
        }
        DurableFiles.forceDirectory(dir);
        progress.done();
        return out;
    }

    private static CheckedFile copySegment(Path from, Path to) throws IOException {
        MessageDigest digest = Sha256.digest();
        long copied = 0;
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long length = in.size();
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
            while (copied < length) {
                buffer.clear().limit((int) Math.min(BUFFER_BYTES, length - copied));
                int n = in.read(buffer, copied);
                if (n < 0) break;
                buffer.flip();
                digest.update(buffer.duplicate());
                while (buffer.hasRemaining()) out.write(buffer);
                copied += n;
            }
            out.force(true);
        }
        return new CheckedFile(SegmentFiles.pathOf(to.getFileName().toString()), copied, Sha256.hex(digest));
    }

    /**
     * Copies the blobs the copied journal names that are not in the snapshot's list, and writes their list. Only segments
     * that changed since {@code previous} (the last complete backup in the same directory) are read: for a segment the
     * previous backup holds with the same length (segments only grow), that backup already ensured its blobs, and its
     * {@code journal-blobs.txt} entries are carried over instead, so this step costs what is new, not the whole journal.
     *
     * @return the copier's counts and the list file
     */
    static Blobs copyBlobs(Path backupDir, List<CheckedFile> segments, Optional<PreviousBackup> previous, BlobCopier copier, Progress progress)
            throws IOException {
        Path list = backupDir.resolve(BackupDirectory.JOURNAL_BLOBS);
        MessageDigest digest = Sha256.digest();
        Path journalDir = backupDir.resolve(SegmentFiles.DIRECTORY);
        Optional<Path> previousList = previous.isPresent() ? previous.get().journalBlobs() : Optional.empty();
        Set<String> unchanged = previousList.isPresent() ? unchangedSince(previous.get().manifest(), segments) : Set.of();
        List<String> toRead = segments.stream().map(f -> SegmentFiles.fileName(f.path())).filter(n -> !unchanged.contains(n)).toList();
        BlobCopier.Result result;
        progress.phase("journal blobs", -1);
        try (Writer out = new BufferedWriter(new OutputStreamWriter(new DigestOutputStream(Files.newOutputStream(list), digest),
                StandardCharsets.US_ASCII));
             SortedHashFile snapshot = new SortedHashFile(backupDir.resolve(BackupDirectory.SNAPSHOT_BLOBS));
             HashLines carried = unchanged.isEmpty() ? null : new HashLines(previousList.orElseThrow());
             Stream<JournalEntry> entries = toRead.isEmpty() ? Stream.empty() : JournalReader.readSegments(journalDir, toRead)) {
            Stream<BlobId> named = entries.map(JournalEntry::record)
                    .filter(r -> r instanceof JournalRecord.MessageAppended)
                    .map(r -> BlobId.of(((JournalRecord.MessageAppended) r).blobHash()));
            Stream<BlobId> all = carried == null ? named : Stream.concat(StreamSupport.stream(
                    Spliterators.spliteratorUnknownSize(carried, Spliterator.ORDERED), false), named);
            result = copier.copy(beyondSnapshot(all, snapshot), id -> writeLine(out, id), progress);
        }
        progress.done();
        DurableFiles.forceFile(list);
        return new Blobs(result, new CheckedFile(BackupDirectory.JOURNAL_BLOBS, Files.size(list), Sha256.hex(digest)));
    }

    private static Set<String> unchangedSince(Manifest previous, List<CheckedFile> segments) {
        Set<String> before = new HashSet<>();
        previous.journal().forEach(f -> before.add(SegmentFiles.fileName(f.path()) + "/" + f.bytes()));
        Set<String> unchanged = new HashSet<>();
        for (CheckedFile f : segments) {
            String name = SegmentFiles.fileName(f.path());
            if (before.contains(name + "/" + f.bytes())) unchanged.add(name);
        }
        return unchanged;
    }

    record Blobs(BlobCopier.Result copied, CheckedFile list) {}

    private static Iterator<BlobId> beyondSnapshot(Stream<BlobId> ids, SortedHashFile snapshot) {
        Set<BlobId> seen = new HashSet<>();
        return ids.filter(id -> {
                    if (seen.contains(id)) return false;
                    if (seen.size() < SEEN_LIMIT) seen.add(id);
                    return !inSnapshot(snapshot, id);
                })
                .iterator();
    }

    private static boolean inSnapshot(SortedHashFile snapshot, BlobId id) {
        try {
            return snapshot.contains(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeLine(Writer out, BlobId id) {
        synchronized (out) {
            try {
                out.write(id.hex());
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
