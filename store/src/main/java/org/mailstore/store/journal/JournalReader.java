package org.mailstore.store.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the journals of every instance in a directory, for the reconciler and for backup.
 *
 * <p>Order is stable but not chronological across instances: instances by id, each instance's segments by sequence,
 * records by offset. Callers that need a global order sort by the records' own fields (modseq, {@code at}).
 *
 * <p>Damage never throws: a torn or corrupt record ends its segment with a warning, a file that is not a segment is
 * skipped with a warning, and reading goes on with the next segment. What does throw is a segment of a newer format
 * ({@link JournalVersionException}, before the first record is returned), because skipping it would silently drop
 * deliveries, and real I/O errors (as {@link UncheckedIOException} once the stream is running).
 */
public final class JournalReader {

    private static final Logger log = LoggerFactory.getLogger(JournalReader.class);

    private JournalReader() {
    }

    /**
     * Streams every intact record, holding one segment open and one record in memory at a time. Close the stream
     * (try-with-resources) to release the open segment if you stop early.
     *
     * @throws JournalVersionException if any segment was written by a newer format version
     */
    public static Stream<JournalEntry> readAll(Path dir) throws IOException {
        return read(dir, segmentNames(dir));
    }

    /**
     * Like {@link #readAll}, but only the named segments of {@code dir} (file names as {@link #segments} gives them; others
     * are ignored), in reading order: for backup, which reads only the segments that changed since the previous one.
     */
    public static Stream<JournalEntry> readSegments(Path dir, Collection<String> fileNames) throws IOException {
        Set<String> wanted = new HashSet<>(fileNames);
        return read(dir, segmentNames(dir).stream().filter(n -> wanted.contains(n.fileName())).toList());
    }

    private static Stream<JournalEntry> read(Path dir, List<SegmentName> names) throws IOException {
        for (SegmentName name : names) {
            SegmentHeader.requireReadableVersion(dir.resolve(name.fileName()));
        }
        Entries entries = new Entries(dir, names.iterator());
        return StreamSupport.stream(entries, false).onClose(entries::close);
    }

    /** File names of all segments in {@code dir}, in reading order. Other files, even named *.journal, are left out. */
    public static List<String> segments(Path dir) throws IOException {
        return segmentNames(dir).stream().map(SegmentName::fileName).toList();
    }

    static List<SegmentName> segmentNames(Path dir) throws IOException {
        List<SegmentName> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SegmentName.SUFFIX)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                Optional<SegmentName> name = SegmentName.parse(fileName);
                if (name.isPresent() && Files.isRegularFile(file)) {
                    names.add(name.get());
                } else {
                    log.warn("ignoring {} in journal directory {}: not a segment (<instance>-<{} digits>{})",
                            fileName, dir, SegmentName.SEQUENCE_DIGITS, SegmentName.SUFFIX);
                }
            }
        }
        names.sort(null);
        return names;
    }

    /** Walks the segments lazily, opening the next only when the previous one is exhausted. */
    private static final class Entries extends Spliterators.AbstractSpliterator<JournalEntry> {

        private final Path dir;
        private final Iterator<SegmentName> remaining;
        private SegmentReader current;

        Entries(Path dir, Iterator<SegmentName> remaining) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.dir = dir;
            this.remaining = remaining;
        }

        @Override
        public boolean tryAdvance(Consumer<? super JournalEntry> action) {
            try {
                while (true) {
                    if (current == null) {
                        if (!remaining.hasNext()) {
                            return false;
                        }
                        current = SegmentReader.open(dir, remaining.next());
                    }
                    Optional<JournalEntry> entry = current.next();
                    if (entry.isPresent()) {
                        action.accept(entry.get());
                        return true;
                    }
                    closeCurrent();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() {
            try {
                closeCurrent();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void closeCurrent() throws IOException {
            if (current != null) {
                SegmentReader closing = current;
                current = null;
                closing.close();
            }
        }
    }
}
