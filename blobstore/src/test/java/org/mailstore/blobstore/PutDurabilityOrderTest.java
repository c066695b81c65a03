package org.mailstore.blobstore;

import org.mailstore.blobstore.testing.Strace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 1, watched from outside with strace: a put into an empty tree writes and fsyncs its temp file,
 * creates each fan-out directory and fsyncs its parent, publishes with link(2) (never a replacing
 * rename), fsyncs the blob's directory, and only then returns. A put of bytes already stored removes its temp file
 * without an fsync (it is never published), and fsyncs the blob's directory only while the existing blob may still
 * be a racing or crashed writer's unsynced link.
 */
@Timeout(300)
class PutDurabilityOrderTest {

    private static final String TRACED = "%file,write,pwrite64,fsync,fdatasync,close";
    private static final long LENGTH = 200_000;
    private static final long SEED = 11;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsStrace() {
        assumeTrue(Strace.available(), "strace is not installed or may not trace here");
    }

    @Test
    void bytesAndEveryDirectoryEntryAreDurableBeforePutReturns() throws Exception {
        Path root = dir.resolve("blobs");
        BlobId id = PatternInputStream.expectedId(LENGTH, SEED);
        Path blob = new FileBlobStore(root).pathOf(id);
        Path level1 = blob.getParent().getParent();
        Path level2 = blob.getParent();

        List<Strace.Syscall> calls = tracedPut(root, FileBlobStore.SETTLED.toSeconds());

        Path temp = tempFile(calls);
        assertEquals(root.resolve(FileBlobStore.TEMP_DIRECTORY), temp.getParent());

        int lastWrite = last(calls, "write to the temp file", c -> c.name().equals("write") && onFd(c, temp));
        int tempFsync = first(calls, "fsync of the temp file", c -> c.name().equals("fsync") && onFd(c, temp));
        int mkdir1 = first(calls, "mkdir " + level1, c -> c.name().startsWith("mkdir") && c.names(level1));
        int fsyncRoot = first(calls, "fsync of the root", c -> c.name().equals("fsync") && onFd(c, root));
        int mkdir2 = first(calls, "mkdir " + level2, c -> c.name().startsWith("mkdir") && c.names(level2));
        int fsyncLevel1 = first(calls, "fsync of " + level1, c -> c.name().equals("fsync") && onFd(c, level1));
        int link = first(calls, "link of the temp file to " + blob,
                c -> c.name().startsWith("link") && c.names(temp) && c.names(blob) && !c.failed());
        int fsyncLevel2 = first(calls, "fsync of " + level2, c -> c.name().equals("fsync") && onFd(c, level2));
        int unlinkTemp = first(calls, "unlink of the temp file", c -> c.name().startsWith("unlink") && c.names(temp));

        assertTrue(lastWrite < tempFsync, "bytes written, then fsynced");
        assertTrue(tempFsync < link, "temp file fsynced before it gets its name");
        assertTrue(mkdir1 < fsyncRoot && fsyncRoot < link, "level 1 entry durable before link");
        assertTrue(mkdir2 < fsyncLevel1 && fsyncLevel1 < link, "level 2 entry durable before link");
        assertTrue(link < fsyncLevel2, "blob's directory entry fsynced after link, before put returns");
        assertTrue(link < unlinkTemp, "temp name removed only after the blob has its own");
        assertEquals(List.of(), matching(calls, c -> c.name().startsWith("rename")),
                "never a rename, which could replace");
        assertEquals(List.of(), matching(calls, c -> c.name().equals("write") && !onFd(c, temp)),
                "nothing else written");
        assertEquals(List.of(), matching(calls, c -> c.name().equals("fdatasync")), "fsync, not fdatasync");
    }

    @Test
    void recentDuplicateFsyncsOnlyTheBlobDirectory() throws Exception {
        Path root = dir.resolve("blobs");
        Path blob = storedOnce(root);

        List<Strace.Syscall> calls = tracedPut(root, FileBlobStore.SETTLED.toSeconds());

        assertEquals(List.of(), fsyncs(calls, c -> !onFd(c, blob.getParent())), "no fsync but the blob directory's");
        assertEquals(1, fsyncs(calls, c -> onFd(c, blob.getParent())).size(), "the blob directory fsynced once");
        assertNoLinkAndTempRemoved(calls, root);
    }

    /** The same bytes put again by a process that has already fsynced their directory: nothing more to make durable. */
    @Test
    void recentDuplicateThisProcessHasMadeDurableFsyncsNothing() throws Exception {
        Path root = dir.resolve("blobs");
        storedOnce(root);

        List<Strace.Syscall> calls = tracedPut(root, FileBlobStore.SETTLED.toSeconds(), 1);

        assertEquals(List.of(), fsyncs(calls, c -> true), "the directory was fsynced by this process's put before");
        assertNoLinkAndTempRemoved(calls, root);
    }

    @Test
    void settledDuplicateFsyncsNothing() throws Exception {
        Path root = dir.resolve("blobs");
        storedOnce(root);

        List<Strace.Syscall> calls = tracedPut(root, 0);

        assertEquals(List.of(), fsyncs(calls, c -> true), "a settled duplicate costs no fsync");
        assertNoLinkAndTempRemoved(calls, root);
    }

    private static Path storedOnce(Path root) throws Exception {
        FileBlobStore store = new FileBlobStore(root);
        StoredBlob first = store.put(new PatternInputStream(LENGTH, SEED));
        assertTrue(first.created());
        return store.pathOf(first.id());
    }

    /** The calls on the tree of one put in a child JVM, between its markers; existing blobs settle after settledSeconds. */
    private List<Strace.Syscall> tracedPut(Path root, long settledSeconds) throws Exception {
        return tracedPut(root, settledSeconds, 0);
    }

    /** {@link #tracedPut(Path, long)} after {@code putsBefore} untraced puts of the same bytes in the same child JVM. */
    private List<Strace.Syscall> tracedPut(Path root, long settledSeconds, int putsBefore) throws Exception {
        Path markers = Files.createDirectories(dir.resolve("markers"));
        return WindowMarker.window(Strace.trace(TRACED, dir.resolve("strace.log"),
                ChildJvm.command(PutMain.class, root.toString(), String.valueOf(LENGTH), String.valueOf(SEED),
                        markers.toString(), String.valueOf(settledSeconds), String.valueOf(putsBefore))), markers)
                .stream().filter(c -> c.namesAnythingUnder(root)).toList();
    }

    private static Path tempFile(List<Strace.Syscall> calls) {
        Strace.Syscall create = calls.stream().filter(c -> c.name().equals("openat") && c.args().contains("O_EXCL"))
                .findFirst().orElseThrow(() -> new AssertionError("no O_EXCL create in " + calls));
        return Path.of(create.paths().getFirst());
    }

    private static void assertNoLinkAndTempRemoved(List<Strace.Syscall> calls, Path root) throws Exception {
        Path temp = tempFile(calls);
        assertEquals(List.of(), matching(calls, c -> c.name().startsWith("link")), "nothing linked");
        assertTrue(calls.stream().anyMatch(c -> c.name().startsWith("unlink") && c.names(temp)), "temp name removed");
        try (var left = Files.list(root.resolve(FileBlobStore.TEMP_DIRECTORY))) {
            assertEquals(0, left.count());
        }
    }

    private static List<Strace.Syscall> fsyncs(List<Strace.Syscall> calls, Predicate<Strace.Syscall> which) {
        return matching(calls, c -> (c.name().equals("fsync") || c.name().equals("fdatasync")) && which.test(c));
    }

    private static boolean onFd(Strace.Syscall call, Path path) {
        return call.fdPath().filter(path.toString()::equals).isPresent();
    }

    private static int first(List<Strace.Syscall> calls, String what, Predicate<Strace.Syscall> test) {
        for (int i = 0; i < calls.size(); i++) {
            if (test.test(calls.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no " + what + " among the calls on the tree:\n" + describe(calls));
    }

    private static int last(List<Strace.Syscall> calls, String what, Predicate<Strace.Syscall> test) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (test.test(calls.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no " + what + " among the calls on the tree:\n" + describe(calls));
    }

    private static List<Strace.Syscall> matching(List<Strace.Syscall> calls, Predicate<Strace.Syscall> test) {
        return calls.stream().filter(test).toList();
    }

    private static String describe(List<Strace.Syscall> calls) {
        StringBuilder text = new StringBuilder();
        calls.forEach(call -> text.append(call).append('\n'));
        return text.toString();
    }
}
