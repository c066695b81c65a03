package org.mailstore.store.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appending side of one instance's delivery journal: segment files {@code <instanceId>-<sequence>.journal} in one
 * directory, which other instances may share (each writes only its own files).
 *
 * <h2>Group commit</h2>
 * {@link #append} encodes its records on the caller's thread, queues them and waits. One writer thread per journal takes
 * everything queued, writes it with one gathering write and makes it durable with one {@code FileChannel.force}, then
 * wakes every caller in that group. Callers that arrive while a force is in progress form the next group, so under load
 * the number of fsyncs grows far slower than the number of appends. The writer is a dedicated platform thread rather than
 * one of the callers because a {@code FileChannel} is closed by an interrupt of the thread using it: an interrupted
 * delivery must not break the journal for everyone. Waiting uses {@link ReentrantLock}/{@link Condition}, which
 * virtual-thread callers can block on without pinning a carrier.
 *
 * <h2>Failure</h2>
 * If a write, force or segment roll fails, every caller in that group, and every caller still queued, gets an
 * {@link IOException}, and the journal refuses all further appends: after a failed write or fsync the file's state is
 * unknown (Linux may have dropped the dirty pages and will not report the error again), so continuing could acknowledge
 * records that are not on disk. {@link #close} and {@link #open} again; opening always starts a new segment (its file is created by the first append).
 *
 * <h2>Caller's obligations</h2>
 * The store appends inside its database transaction and commits only after {@code append} returns. Records are
 * therefore durable before the transaction commits, and a record may exist for a transaction that then rolled back.
 */
public final class Journal implements Closeable {

    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    /** Smallest segment limit accepted; a segment always has room for its header and a few records. */
    public static final long MIN_SEGMENT_BYTES = 1L << 10;
    /** Largest framed record; a record bigger than this is a caller's bug and {@link #append} refuses it. */
    public static final int MAX_RECORD_BYTES = RecordFrame.MAX_RECORD_BYTES;

    private static final Logger log = LoggerFactory.getLogger(Journal.class);

    private final Path dir;
    private final String instanceId;
    private final long segmentBytes;
    private final Clock clock;
    private final AtomicLong forces;
    private final Thread writer;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when appends are queued or the journal is closing; the writer waits on it. */
    private final Condition queued = lock.newCondition();
    /** Signalled when a group is finished; callers wait on it for their own batch. */
    private final Condition finished = lock.newCondition();
    private List<Batch> pending = new ArrayList<>();
    private IOException failure;
    private boolean closing;

    /** The segment this journal starts with; created on the first append, so a process that only reads leaves no file. */
    private final SegmentName firstSegment;
    /** Only the writer thread touches the segment once it has started, and close() after it has ended. Null until the first append. */
    private SegmentWriter segment;

    private Journal(Path dir, String instanceId, long segmentBytes, Clock clock, AtomicLong forces,
                    SegmentName firstSegment) {
        this.dir = dir;
        this.instanceId = instanceId;
        this.segmentBytes = segmentBytes;
        this.clock = clock;
        this.forces = forces;
        this.firstSegment = firstSegment;
        this.writer = Thread.ofPlatform().daemon().name("journal-writer-" + instanceId).unstarted(this::writeLoop);
    }

    public static Journal open(Path dir, String instanceId) throws IOException {
        return open(dir, instanceId, DEFAULT_SEGMENT_BYTES);
    }

    /**
     * The instance id for a process that writes beside {@code instanceId}'s own process (a CLI command, a repair): the
     * id with {@code suffix}, the id part shortened when the whole would be too long. With an id of its own the
     * process never takes a segment name the other is about to create, and never becomes the other's newest segment,
     * which a restarted serve settles as its previous run's tail.
     */
    public static String suffixedInstanceId(String instanceId, String suffix) {
        int room = SegmentName.MAX_INSTANCE_ID_LENGTH - suffix.length();
        return SegmentName.requireValidInstanceId((instanceId.length() > room ? instanceId.substring(0, room) : instanceId) + suffix);
    }

    /**
     * Opens the journal of {@code instanceId} in {@code dir}, creating the directory if needed; the first append starts a new
     * segment after the instance's highest existing one.
     *
     * @param segmentBytes start a new segment when the current one would grow past this (at least
     *                     {@link #MIN_SEGMENT_BYTES}); a single append larger than this gets a segment of its own
     * @throws IllegalArgumentException if the instance id is not 1..64 characters of {@code [A-Za-z0-9_.-]}
     */
    public static Journal open(Path dir, String instanceId, long segmentBytes) throws IOException {
        SegmentName.requireValidInstanceId(instanceId);
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be at least " + MIN_SEGMENT_BYTES + ", got "
                    + segmentBytes);
        }
        createDirectory(dir);
        long last = JournalReader.segmentNames(dir).stream()
                .filter(n -> n.instanceId().equals(instanceId))
                .mapToLong(SegmentName::sequence).max().orElse(0);
        Clock clock = Clock.systemUTC();
        AtomicLong forces = new AtomicLong();
        Journal journal = new Journal(dir, instanceId, segmentBytes, clock, forces, new SegmentName(instanceId, last + 1));
        journal.writer.start();
        return journal;
    }

    /**
     * Appends {@code records} and returns once they are durable on disk. The records of one call are written together,
     * in order, into one segment.
     *
     * @throws IllegalArgumentException if a record exceeds a field bound or {@link #MAX_RECORD_BYTES}; nothing is written
     * @throws IOException if the write or fsync failed, now or earlier, or the journal is closed; the records may or may
     *                     not be on disk, and the journal refuses further appends until reopened
     */
    public void append(List<JournalRecord> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        Batch batch = Batch.of(records);
        lock.lock();
        try {
            if (failure != null) {
                throw new IOException("journal " + instanceId + " in " + dir
                        + " failed earlier and refuses appends until it is reopened", failure);
            }
            if (closing) {
                throw new IOException("journal " + instanceId + " in " + dir + " is closed");
            }
            pending.add(batch);
            queued.signal();
            // Once queued the records may reach the disk, so the caller must learn the outcome: no interrupting out.
            while (!batch.done) {
                finished.awaitUninterruptibly();
            }
            if (batch.failure != null) {
                throw new IOException("journal " + instanceId + " in " + dir + " could not make the records durable",
                        batch.failure);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lets queued appends finish, stops the writer thread and closes the current segment. Idempotent. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closing = true;
            queued.signal();
        } finally {
            lock.unlock();
        }
        joinWriter();
        if (segment != null) segment.close();
    }

    /** Number of {@code force} calls on segments and the directory so far; lets tests see group commit work. */
    long forceCount() {
        return forces.get();
    }

    private void writeLoop() {
        while (true) {
            List<Batch> group;
            lock.lock();
            try {
                while (pending.isEmpty() && !closing) {
                    queued.awaitUninterruptibly();
                }
                if (pending.isEmpty()) {
                    return;
                }
                group = pending;
                pending = new ArrayList<>();
            } finally {
                lock.unlock();
            }
            finish(group, writeGroup(group));
        }
    }

    /** Returns the failure, if any, instead of throwing: the callers must hear about it either way. */
    private IOException writeGroup(List<Batch> group) {
        try {
            List<ByteBuffer> run = new ArrayList<>();
            long runBytes = 0;
            if (segment == null) segment = SegmentWriter.create(dir, firstSegment, clock, forces);
            for (Batch batch : group) {
                if (segment.isFullFor(runBytes, batch.bytes, segmentBytes)) {
                    segment.write(run);
                    run.clear();
                    runBytes = 0;
                    roll();
                }
                batch.addFramesTo(run);
                runBytes += batch.bytes;
            }
            segment.write(run);
            segment.force();
            return null;
        } catch (IOException e) {
            return e;
        } catch (RuntimeException | Error e) {
            return new IOException("journal writer failed unexpectedly", e);
        }
    }

    private void roll() throws IOException {
        segment.force();
        segment.close();
        segment = SegmentWriter.create(dir, segment.name().next(), clock, forces);
    }

    private void finish(List<Batch> group, IOException error) {
        lock.lock();
        try {
            if (error != null && failure == null) {
                failure = error;
                log.error("journal {} in {}: writing segment {} failed; refusing appends until reopened",
                        instanceId, dir, segment == null ? firstSegment.fileName() : segment.name().fileName(), error);
                group.addAll(pending);
                pending = new ArrayList<>();
            }
            for (Batch batch : group) {
                batch.failure = error;
                batch.done = true;
            }
            finished.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void joinWriter() {
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void createDirectory(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir);
        // The new directory entry must survive a crash as well as the segments in it.
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            SegmentWriter.forceDirectory(parent, new AtomicLong());
        }
    }

    /** The encoded records of one append call; {@code done} and {@code failure} are guarded by the journal's lock. */
    private static final class Batch {
        final byte[][] frames;
        final long bytes;
        boolean done;
        IOException failure;

        private Batch(byte[][] frames, long bytes) {
            this.frames = frames;
            this.bytes = bytes;
        }

        static Batch of(List<JournalRecord> records) {
            byte[][] frames = new byte[records.size()][];
            long bytes = 0;
            for (int i = 0; i < frames.length; i++) {
                frames[i] = RecordCodec.encode(Objects.requireNonNull(records.get(i), "record"));
                bytes += frames[i].length;
            }
            return new Batch(frames, bytes);
        }

        void addFramesTo(List<ByteBuffer> run) {
            for (byte[] frame : frames) {
                run.add(ByteBuffer.wrap(frame));
            }
        }
    }
}
