package org.mailstore.store.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.mailstore.store.StoreMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segment a journal is currently appending to. Only the journal's writer thread uses it, so it has no locking.
 *
 * <p>A segment is created with {@code CREATE_NEW}, never reopened: nothing is ever appended after a tail that a crash may
 * have torn. Its header is fsynced and then its directory, so a segment that records were acknowledged in cannot vanish
 * from the directory in a crash.
 */
final class SegmentWriter implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(SegmentWriter.class);
    /** Name collisions only happen if two processes share an instance id; give up rather than scan forever. */
    private static final int MAX_CREATE_ATTEMPTS = 100;

    private final SegmentName name;
    private final FileChannel channel;
    private final AtomicLong forces;
    private final long headerSize;
    private long size;
    private boolean dirty;

    private SegmentWriter(SegmentName name, FileChannel channel, AtomicLong forces, long headerSize) {
        this.name = name;
        this.channel = channel;
        this.forces = forces;
        this.headerSize = headerSize;
        this.size = headerSize;
    }

    /** Creates the segment {@code first}, or the next free sequence after it if that name is taken. */
    static SegmentWriter create(Path dir, SegmentName first, Clock clock, AtomicLong forces) throws IOException {
        SegmentName name = first;
        for (int attempt = 1; ; attempt++) {
            try {
                return create(dir, name, SegmentHeader.current(name, clock.instant()), forces);
            } catch (FileAlreadyExistsException e) {
                if (attempt == MAX_CREATE_ATTEMPTS) {
                    throw e;
                }
                log.warn("journal segment {} already exists; is another process using instance id {}?",
                        name.fileName(), name.instanceId());
                name = name.next();
            }
        }
    }

    private static SegmentWriter create(Path dir, SegmentName name, SegmentHeader header, AtomicLong forces)
            throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(name.fileName()),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            SegmentWriter segment = new SegmentWriter(name, channel, forces, header.size());
            segment.writeFully(new ByteBuffer[] {header.encode()}, header.size());
            channel.force(true);
            forces.incrementAndGet();
            forceDirectory(dir, forces);
            log.info("journal segment {} started", name.fileName());
            return segment;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    static void forceDirectory(Path dir, AtomicLong forces) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
            forces.incrementAndGet();
        }
    }

    SegmentName name() {
        return name;
    }

    /**
     * True if a batch of {@code bytes} should start a new segment: this one already holds records, counting
     * {@code unwritten} bytes queued for it but not yet written, and would grow past {@code segmentBytes}.
     */
    boolean isFullFor(long unwritten, long bytes, long segmentBytes) {
        long used = size + unwritten;
        return used > headerSize && used + bytes > segmentBytes;
    }

    /** Writes the frames with as few system calls as the OS allows (one gathering write, unless it is partial). */
    void write(List<ByteBuffer> frames) throws IOException {
        if (frames.isEmpty()) {
            return;
        }
        long total = 0;
        for (ByteBuffer f : frames) {
            total += f.remaining();
        }
        writeFully(frames.toArray(ByteBuffer[]::new), total);
        size += total;
        dirty = true;
    }

    /** Makes everything written so far durable; data only (fdatasync), which includes the file's new length. */
    void force() throws IOException {
        if (dirty) {
            long start = System.nanoTime();
            channel.force(false);
            StoreMetrics.journalFsync(start);
            forces.incrementAndGet();
            dirty = false;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void writeFully(ByteBuffer[] buffers, long total) throws IOException {
        long written = 0;
        while (written < total) {
            written += channel.write(buffers);
        }
    }
}
