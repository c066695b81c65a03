package org.mailstore.blobstore;

import org.mailstore.blobstore.testing.Strace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 3, watched from outside with strace: reading a blob through {@link BlobStore#open} and
 * {@link BlobStore#openStream} opens exactly the blob's computed path and nothing else in the tree, and
 * makes no stat-family call and no directory listing on the tree or on the open blob.
 *
 * <p>The child marks a window around the reads ({@link WindowMarker}), so the JVM's start-up and the
 * store's construction, which may look at the root, are not counted. Two control runs add a
 * {@code Files.exists} and a {@code channel.size()} and must be caught, which shows the check can fail.
 */
@Timeout(300)
class ReadDoesNotStatTest {

    /** Every stat variant, every call that takes a file name, directory listings, and closes. */
    private static final String TRACED = "%%stat,%file,getdents64,close";

    @TempDir
    Path dir;

    @BeforeAll
    static void needsStrace() {
        assumeTrue(Strace.available(), "strace is not installed or may not trace here");
    }

    @Test
    void openAndOpenStreamOnlyOpenTheBlobPath() throws Exception {
        Trace trace = traceReads("store");

        assertEquals(List.of(), trace.violations(), "calls on the blob tree besides opening the blob");
        List<Strace.Syscall> opens = trace.onTree().stream().filter(c -> c.name().startsWith("open")).toList();
        assertEquals(2, opens.size(), "one open for open(), one for openStream(): " + opens);
        for (Strace.Syscall open : opens) {
            assertFalse(open.failed(), open.toString());
        }
    }

    @Test
    void controlFilesExistsBeforeOpenIsCaught() throws Exception {
        Trace trace = traceReads("exists-first");

        assertEquals(1, trace.violations().size(), trace.violations().toString());
        assertTrue(trace.violations().getFirst().names(trace.blob()), trace.violations().toString());
    }

    @Test
    void controlSizeOfTheOpenChannelIsCaught() throws Exception {
        Trace trace = traceReads("channel-size");

        assertEquals(1, trace.violations().size(), trace.violations().toString());
        Strace.Syscall fstat = trace.violations().getFirst();
        assertEquals(trace.blob().toString(), fstat.fdPath().orElseThrow(), fstat.toString());
    }

    /** The calls a child made on the blob tree inside its window. */
    private record Trace(Path root, Path blob, List<Strace.Syscall> onTree) {

        /** Everything but opening the blob read-only and closing it. */
        List<Strace.Syscall> violations() {
            return onTree.stream().filter(call -> !isOpenOfBlob(call) && !isCloseOfBlob(call)).toList();
        }

        private boolean isOpenOfBlob(Strace.Syscall call) {
            return call.name().equals("openat") && call.args().contains("\"" + blob + "\"")
                    && call.args().contains("O_RDONLY") && !call.args().contains("O_DIRECTORY");
        }

        private boolean isCloseOfBlob(Strace.Syscall call) {
            return call.name().equals("close") && call.fdPath().equals(Optional.of(blob.toString()));
        }
    }

    private Trace traceReads(String mode) throws Exception {
        Path root = dir.resolve("blobs");
        Path markers = Files.createDirectories(dir.resolve("markers"));
        FileBlobStore store = new FileBlobStore(root);
        BlobId id = store.put(new PatternInputStream(100_000, 9)).id();

        List<Strace.Syscall> calls = Strace.trace(TRACED, dir.resolve("strace.log"),
                ChildJvm.command(ReadBlobMain.class, mode, root.toString(), id.hex(), markers.toString()));

        List<Strace.Syscall> onTree = WindowMarker.window(calls, markers).stream()
                .filter(call -> call.namesAnythingUnder(root)).toList();
        return new Trace(root, store.pathOf(id), onTree);
    }
}
