package org.mailstore.backup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What a backup's sorted blob list gained and lost against the previous backup's, in one pass over both: the hashes
 * only the current list has go to {@code gained}, those only the previous has to {@code lost}, each sorted, one hex
 * line apiece (the blob list format, {@link SortedHashFile#LINE} bytes a line). Every later step that cares about new
 * data (blob rows, blob bytes, blob copies) reads these short files instead of merging the two long lists again. The
 * lines are compared as bytes (lowercase hex sorts as the hashes do), so the pass allocates nothing per line.
 */
final class BlobListDiff {
    private static final int BUFFER_BYTES = 1 << 16;

    /** Counts of the two files written. */
    record Result(Path gained, long gainedCount, Path lost, long lostCount) {}

    private BlobListDiff() {}

    static Result compute(Path current, Path previous, Path gained, Path lost) throws IOException {
        long gainedCount = 0;
        long lostCount = 0;
        try (Lines now = new Lines(current); Lines then = new Lines(previous);
             OutputStream gainedOut = new BufferedOutputStream(Files.newOutputStream(gained), BUFFER_BYTES);
             OutputStream lostOut = new BufferedOutputStream(Files.newOutputStream(lost), BUFFER_BYTES)) {
            boolean hasNow = now.next();
            boolean hasThen = then.next();
            while (hasNow || hasThen) {
                int cmp = !hasThen ? -1 : !hasNow ? 1 : Arrays.compare(now.line, 0, SortedHashFile.LINE, then.line, 0, SortedHashFile.LINE);
                if (cmp < 0) {
                    gainedOut.write(now.line);
                    gainedCount++;
                    hasNow = now.next();
                } else if (cmp > 0) {
                    lostOut.write(then.line);
                    lostCount++;
                    hasThen = then.next();
                } else {
                    hasNow = now.next();
                    hasThen = then.next();
                }
            }
        }
        return new Result(gained, gainedCount, lost, lostCount);
    }

    /** A blob list read a fixed-width line at a time into one reused array. */
    private static final class Lines implements AutoCloseable {
        final byte[] line = new byte[SortedHashFile.LINE];
        private final Path file;
        private final InputStream in;

        Lines(Path file) throws IOException {
            this.file = file;
            this.in = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
        }

        boolean next() throws IOException {
            int n = in.readNBytes(line, 0, line.length);
            if (n == 0) return false;
            if (n != line.length || line[line.length - 1] != '\n') {
                throw new IOException(file + " is not a blob list: a line is not " + (line.length - 1) + " hex characters and a newline");
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
