package org.mailstore.blobstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.testing.Strace;

/**
 * A put of bytes that are already stored, watched with strace: its temp file is removed without an fsync (it is
 * never published), and the blob's directory is fsynced only while the existing blob may still be a racing or
 * crashed writer's unsynced link.
 */
@Timeout(300)
class DuplicatePutSyncTest {

    private static final String TRACED = "%file,write,pwrite64,fsync,fdatasync,close";
    private static final long LENGTH = 100_000;
    private static final long SEED = 17;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsStrace() {
        assumeTrue(Strace.available(), "strace is not installed or may not trace here");
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

    private List<Strace.Syscall> tracedPut(Path root, long settledSeconds) throws Exception {
        Path markers = Files.createDirectories(dir.resolve("markers"));
        return WindowMarker.window(Strace.trace(TRACED, dir.resolve("strace.log"),
                ChildJvm.command(PutMain.class, root.toString(), String.valueOf(LENGTH), String.valueOf(SEED),
                        markers.toString(), String.valueOf(settledSeconds))), markers)
                .stream().filter(c -> c.namesAnythingUnder(root)).toList();
    }

    private static void assertNoLinkAndTempRemoved(List<Strace.Syscall> calls, Path root) throws Exception {
        Strace.Syscall create = calls.stream().filter(c -> c.name().equals("openat") && c.args().contains("O_EXCL"))
                .findFirst().orElseThrow(() -> new AssertionError("no O_EXCL create in " + calls));
        Path temp = Path.of(create.paths().getFirst());
        assertEquals(List.of(), calls.stream().filter(c -> c.name().startsWith("link")).toList(), "nothing linked");
        assertTrue(calls.stream().anyMatch(c -> c.name().startsWith("unlink") && c.names(temp)), "temp name removed");
        try (var left = Files.list(root.resolve(FileBlobStore.TEMP_DIRECTORY))) {
            assertEquals(0, left.count());
        }
    }

    private static List<Strace.Syscall> fsyncs(List<Strace.Syscall> calls, java.util.function.Predicate<Strace.Syscall> which) {
        return calls.stream().filter(c -> c.name().equals("fsync") || c.name().equals("fdatasync")).filter(which).toList();
    }

    private static boolean onFd(Strace.Syscall call, Path path) {
        return call.fdPath().filter(path.toString()::equals).isPresent();
    }
}
