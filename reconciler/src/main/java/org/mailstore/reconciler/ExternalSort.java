package org.mailstore.reconciler;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Sorts byte-string records (unsigned lexicographic order, {@link Arrays#compareUnsigned}) in
 * bounded memory: records are buffered up to a byte budget, then sorted and spilled to a run file
 * in a private temporary directory; reading merges the runs. Records whose sort key is a prefix
 * encoded big-endian sort by that key. Used for the blob walk and the journal, which arrive in no
 * useful order and may hold millions of entries.
 *
 * <p>Not thread-safe. {@link #sorted} may be called any number of times once adding is done; each
 * iterator must be closed. {@link #close} deletes the run files; closing again does nothing.
 */
final class ExternalSort implements AutoCloseable {
    /** Default memory budget for buffered records before a run is spilled. */
    static final long DEFAULT_RUN_BYTES = 32L << 20;
    /** Accounted per record on top of its bytes: array header and the list's reference. */
    private static final int RECORD_OVERHEAD = 24;
    private static final int IO_BUFFER = 1 << 16;
    private static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    private final Path workDir;
    private final long runBytes;
    private final List<Path> runs = new ArrayList<>();
    private List<byte[]> buffer = new ArrayList<>();
    private long buffered;
    private long count;
    private Path dir;
    private boolean finished;

    ExternalSort(Path workDir, long runBytes) {
        this.workDir = workDir;
        this.runBytes = runBytes;
    }

    void add(byte[] record) {
        if (finished) throw new IllegalStateException("records added after sorting started");
        buffer.add(record);
        count++;
        buffered += record.length + RECORD_OVERHEAD;
        if (buffered >= runBytes) spill();
    }

    long count() {
        return count;
    }

    /** Every record in order; with {@code distinct}, equal records come once. */
    CloseableIterator<byte[]> sorted(boolean distinct) {
        finish();
        CloseableIterator<byte[]> all = runs.isEmpty() ? CloseableIterator.of(buffer.iterator(), () -> { }) : merge();
        return distinct ? distinct(all) : all;
    }

    int runs() {
        return runs.size();
    }

    private void finish() {
        if (finished) return;
        finished = true;
        if (runs.isEmpty()) {
            buffer.sort(ORDER);
        } else {
            spill();
            buffer = List.of();
        }
    }

    private void spill() {
        if (buffer.isEmpty()) return;
        buffer.sort(ORDER);
        try {
            if (dir == null) dir = Files.createTempDirectory(workDir, "mailstore-sort-");
            Path run = dir.resolve("run-" + runs.size());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), IO_BUFFER))) {
                for (byte[] r : buffer) {
                    out.writeInt(r.length);
                    out.write(r);
                }
            }
            runs.add(run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a sort run under " + workDir + ": " + e.getMessage(), e);
        }
        buffer = new ArrayList<>();
        buffered = 0;
    }

    private CloseableIterator<byte[]> merge() {
        List<RunReader> readers = new ArrayList<>();
        PriorityQueue<RunReader> heads = new PriorityQueue<>((a, b) -> ORDER.compare(a.head, b.head));
        try {
            for (Path run : runs) {
                RunReader r = new RunReader(run);
                readers.add(r);
                if (r.advance()) heads.add(r);
            }
        } catch (RuntimeException e) {
            readers.forEach(RunReader::close);
            throw e;
        }
        Iterator<byte[]> merged = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public byte[] next() {
                RunReader r = heads.poll();
                if (r == null) throw new NoSuchElementException();
                byte[] out = r.head;
                if (r.advance()) heads.add(r);
                return out;
            }
        };
        return CloseableIterator.of(merged, () -> readers.forEach(RunReader::close));
    }

    private static CloseableIterator<byte[]> distinct(CloseableIterator<byte[]> in) {
        Iterator<byte[]> it = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public byte[] next() {
                byte[] r = in.next();
                while (in.hasNext() && Arrays.equals(in.peek(), r)) in.next();
                return r;
            }
        };
        return CloseableIterator.of(it, in);
    }

    @Override
    public void close() {
        buffer = List.of();
        if (dir == null) return;
        try {
            for (Path run : runs) Files.deleteIfExists(run);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove sort runs in " + dir, e);
        }
    }

    /** One run file, read a record at a time. */
    private static final class RunReader {
        private final Path file;
        private final DataInputStream in;
        byte[] head;

        RunReader(Path file) {
            this.file = file;
            try {
                this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), IO_BUFFER));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read sort run " + file, e);
            }
        }

        boolean advance() {
            try {
                int n;
                try {
                    n = in.readInt();
                } catch (EOFException end) {
                    head = null;
                    return false;
                }
                head = in.readNBytes(n);
                if (head.length != n) throw new EOFException("sort run " + file + " is cut short");
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read sort run " + file, e);
            }
        }

        void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // read-only; the directory is deleted next
            }
        }
    }
}
