package org.mailstore.blobstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BlobStore} in a directory tree: blob {@code abcd…} lives at {@code <root>/ab/cd/abcd…} (two
 * fan-out levels by default, zero to four configurable), so its path is computed from its id alone.
 *
 * <p><b>Writing</b> ({@link #put}) follows invariant 1 step by step: the input goes into a uniquely named
 * file in {@code <root>/tmp/} (same filesystem as the tree), hashed on the way; unless that content is already
 * stored, the temp file is fsynced, the missing fan-out directories are created, each fsynced into its parent; the temp file is then published under its
 * final name with {@code link(2)}, which is atomic and, unlike {@code rename(2)}, never replaces an existing
 * name, so concurrent puts of the same bytes from any number of threads or processes leave one untouched
 * file and exactly one of them reports {@code created}; finally the blob's directory is fsynced and the temp
 * name removed. When the blob already exists the temp file is dropped unsynced and the existing file is
 * never rewritten; its directory is fsynced only if the blob was linked less than {@link #SETTLED} ago and this
 * process has not fsynced that same link's directory already. The blob root must therefore be on a filesystem with hard links (any POSIX filesystem, NFS
 * and CephFS included).
 *
 * <p><b>Reading</b> ({@link #open}, {@link #openStream}) opens exactly one file by its computed path and
 * never stats or lists anything (invariant 3): a missing blob is recognised by the open failing.
 *
 * <p><b>Crashes</b> leave at worst a temp file in {@code <root>/tmp/}: never a partial file under a blob
 * name, because a blob name only ever appears, atomically, for a complete and fsynced file. Stale temp
 * files are harmless ({@link #walk} does not see them, no reader looks there) and garbage collection
 * removes them once they are older than its grace period. Nothing in this class deletes them, since a
 * temp file may belong to a put still running in another process.
 *
 * <p>Thread-safe and multi-process-safe; holds no open resources between calls, so {@link #close} does
 * nothing.
 */
public final class FileBlobStore implements BlobStore {

    public static final int DEFAULT_FANOUT_LEVELS = 2;
    /** The directory under the root that holds puts in progress. Not a level name, so walks skip it. */
    public static final String TEMP_DIRECTORY = "tmp";

    private static final Logger LOG = LoggerFactory.getLogger(FileBlobStore.class);
    private static final int VERIFY_BUFFER_BYTES = 64 * 1024;
    /**
     * How long after its link an existing blob's directory entry counts as on disk without a further fsync: well
     * beyond the kernel's write-back of dirty metadata (ext4 commits every 5 s, dirty data expires after 30 s).
     */
    static final Duration SETTLED = Duration.ofSeconds(60);

    private final FanoutLayout layout;
    private final Path tmpDir;
    private final Duration settled;
    private final DurableLinks durableLinks = new DurableLinks(DurableLinks.DEFAULT_CAPACITY);

    /** A store with {@value #DEFAULT_FANOUT_LEVELS} fan-out levels; creates the root and its temp directory. */
    public FileBlobStore(Path root) {
        this(root, DEFAULT_FANOUT_LEVELS);
    }

    /**
     * A store with {@code fanoutLevels} levels of two hex characters each (0 to 4); creates the root and its
     * temp directory.
     *
     * @throws UncheckedIOException if the directories cannot be created
     */
    public FileBlobStore(Path root, int fanoutLevels) {
        this(root, fanoutLevels, SETTLED);
    }

    /** With another settling time for existing blobs: tests use zero to see a settled duplicate's put. */
    FileBlobStore(Path root, int fanoutLevels, Duration settled) {
        this.settled = Objects.requireNonNull(settled, "settled");
        Path absoluteRoot = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.layout = new FanoutLayout(absoluteRoot, fanoutLevels);
        this.tmpDir = absoluteRoot.resolve(TEMP_DIRECTORY);
        try {
            DirectorySync.createDirectories(absoluteRoot);
            Files.createDirectories(tmpDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create blob store directories under " + absoluteRoot, e);
        }
    }

    /** Where the blob with this id lives (or would live). Computed; touches nothing. */
    public Path pathOf(BlobId id) {
        return layout.pathOf(Objects.requireNonNull(id, "id"));
    }

    @Override
    public StoredBlob put(InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        // Not fsynced yet: only known content is ever published, and a duplicate's bytes are already on disk.
        BlobTempFile temp = BlobTempFile.spool(tmpDir, in);
        try {
            boolean created = publish(temp);
            BlobMetrics.written(temp.size());
            LOG.debug("{} blob {} ({} bytes)", created ? "stored" : "deduplicated", temp.id().hex(), temp.size());
            return new StoredBlob(temp.id(), temp.size(), created);
        } finally {
            temp.discard();
        }
    }

    /**
     * Gives the temp file its blob name, fsyncing it first; false when the blob was already there. A duplicate of a
     * blob linked more than {@link #SETTLED} ago costs no fsync at all: its linker fsynced it and its directory
     * before that put returned, and even a linker that crashed in between left the entry to the kernel, which has
     * written it back by then (or the file would not be there after a system crash). Nor does a duplicate of a link
     * this process has already fsynced its directory for ({@link DurableLinks}).
     */
    private boolean publish(BlobTempFile temp) throws BlobStoreException {
        Path target = layout.pathOf(temp.id());
        Path dir = target.getParent();
        Optional<FileTime> linkedAt = linkedAt(target, temp);
        if (linkedAt.isPresent() && linkedAt.get().toInstant().isBefore(Instant.now().minus(settled))) return false;
        if (linkedAt.isPresent() && durableLinks.durable(temp.id(), linkedAt.get())) return false;
        boolean created = false;
        if (linkedAt.isEmpty()) {
            temp.force();
            created = linkNew(target, temp, dir);
        }
        // Also when recently deduplicated: the writer that linked it (a racing thread, a crashed process) may not
        // have fsynced the directory yet, and our caller is about to commit a row that relies on it.
        try {
            DirectorySync.force(dir);
        } catch (IOException e) {
            throw failure("fsync of directory " + dir, temp, e);
        }
        linkedAt.ifPresent(t -> durableLinks.fsynced(temp.id(), t));
        return created;
    }

    /**
     * When the existing blob file last got or lost a name (its ctime: set by the link that published it, never
     * changed by readers), empty if there is no such blob. A filesystem without ctime reports "just now".
     */
    private static Optional<FileTime> linkedAt(Path target, BlobTempFile temp) throws BlobStoreException {
        try {
            return Optional.of((FileTime) Files.getAttribute(target, "unix:ctime"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return existsNow(target, temp) ? Optional.of(FileTime.from(Instant.now())) : Optional.empty();
        } catch (IOException e) {
            throw failure("looking for an existing " + target, temp, e);
        }
    }

    private static boolean existsNow(Path target, BlobTempFile temp) throws BlobStoreException {
        try {
            Files.readAttributes(target, BasicFileAttributes.class);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw failure("looking for an existing " + target, temp, e);
        }
    }

    /** Creates the blob's directories and links the temp file in; false if another put got there first. */
    private static boolean linkNew(Path target, BlobTempFile temp, Path dir) throws BlobStoreException {
        try {
            DirectorySync.createDirectories(dir);
        } catch (IOException e) {
            throw failure("creating directory " + dir, temp, e);
        }
        try {
            Files.createLink(target, temp.path());
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            throw failure("linking " + temp.path() + " to " + target, temp, e);
        }
    }

    private static BlobStoreException failure(String step, BlobTempFile temp, Exception e) {
        return new BlobStoreException("cannot store blob " + temp.id().hex() + ": " + step + " failed: "
                + BlobStoreException.reason(e), e);
    }

    @Override
    public SeekableByteChannel open(BlobId id) throws IOException {
        return new CountingChannel(openChannel(id));
    }

    @Override
    public InputStream openStream(BlobId id, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative: " + offset + ", " + length);
        }
        return new RangeInputStream(openChannel(id), offset, length);
    }

    /** The one file operation a reader performs: open by computed path. No stat before, none after. */
    private FileChannel openChannel(BlobId id) throws IOException {
        Path path = pathOf(id);
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(id, path.toString(), e);
        }
    }

    @Override
    public boolean exists(BlobId id) throws IOException {
        try {
            return Files.readAttributes(pathOf(id), BasicFileAttributes.class).isRegularFile();
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /** Removes the blob's file. Fan-out directories stay: removing them would race with puts creating them. */
    @Override
    public void delete(BlobId id) throws IOException {
        if (Files.deleteIfExists(pathOf(id))) {
            LOG.debug("deleted blob {}", id.hex());
        }
    }

    @Override
    public Stream<BlobId> walk() throws IOException {
        return BlobTreeWalker.stream(layout);
    }

    @Override
    public boolean verify(BlobId id) throws IOException {
        MessageDigest digest = BlobId.newDigest();
        try (FileChannel channel = openChannel(id)) {
            ByteBuffer buffer = ByteBuffer.allocate(VERIFY_BUFFER_BYTES);
            while (channel.read(buffer) >= 0) {
                digest.update(buffer.flip());
                buffer.clear();
            }
        }
        boolean intact = MessageDigest.isEqual(digest.digest(), id.bytes());
        if (!intact) {
            LOG.debug("blob {} is damaged: its bytes no longer hash to its name", id.hex());
        }
        return intact;
    }

    /** Nothing to release: every call opens and closes what it uses. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "FileBlobStore[" + layout.root() + ", " + layout.levels() + " fan-out levels]";
    }
}
