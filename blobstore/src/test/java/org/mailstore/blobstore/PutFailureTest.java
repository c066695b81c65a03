package org.mailstore.blobstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.testing.BreakingInputStream;

/** A put that fails leaves nothing under a blob name and no temp file, and says what failed. */
class PutFailureTest {

    private static final long BREAKS_AFTER = 300_000;
    private static final List<String> PRIVATE_MOUNT_NAMESPACE =
            List.of("unshare", "--user", "--map-root-user", "--mount", "sh", "-c");
    private static final String MOUNT_SMALL_TMPFS = "mount -t tmpfs -o size=1m tmpfs \"$0\"";

    @TempDir
    Path dir;

    @Test
    void inputThatBreaksOffMidwayLeavesNoFileBehind() throws IOException {
        Path root = dir.resolve("blobs");
        FileBlobStore store = new FileBlobStore(root);
        InputStream failing = new BreakingInputStream(new PatternInputStream(10_000_000, 3), BREAKS_AFTER,
                new IOException("Connection reset by peer"));

        BlobStoreException e = assertThrows(BlobStoreException.class, () -> store.put(failing));

        assertEquals("cannot store blob: reading the input failed after " + BREAKS_AFTER
                + " bytes: Connection reset by peer", e.getMessage());
        assertEquals("Connection reset by peer", e.getCause().getMessage());
        assertEquals(List.of(), regularFiles(root));
        try (Stream<BlobId> walk = store.walk()) {
            assertEquals(0, walk.count());
        }
    }

    @Test
    void runtimeFailureOfTheInputAlsoRemovesTheTempFile() throws IOException {
        Path root = dir.resolve("blobs");
        FileBlobStore store = new FileBlobStore(root);
        InputStream failing = new InputStream() {
            private int reads;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (reads++ == 3) {
                    throw new IllegalStateException("parser bug");
                }
                buffer[offset] = 'x';
                return 1;
            }
        };

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.put(failing));

        assertEquals("parser bug", e.getMessage());
        assertEquals(List.of(), regularFiles(root));
    }

    /**
     * A full disk. The child JVM gets a private 1 MiB tmpfs as its blob root (a mount namespace of its
     * own, so nothing is mounted on this machine) and tries to store 4 MiB.
     */
    @Test
    @Timeout(120)
    void fullDiskSurfacesAsBlobStoreExceptionAndLeavesNoFileBehind() throws Exception {
        Path mountPoint = Files.createDirectories(dir.resolve("small-fs"));
        Path markers = Files.createDirectories(dir.resolve("markers"));
        assumeTrue(canMountPrivateTmpfs(mountPoint), "this machine cannot give a child a private tmpfs");
        List<String> command = new ArrayList<>(PRIVATE_MOUNT_NAMESPACE);
        command.addAll(List.of(MOUNT_SMALL_TMPFS + " && exec \"$@\"", mountPoint.toString()));
        command.addAll(ChildJvm.command(PutMain.class, mountPoint.toString(), String.valueOf(4 << 20), "4",
                markers.toString()));
        Path stderr = dir.resolve("stderr.txt");
        Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        String stdout = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), "child failed:\n" + Files.readString(stderr));

        String[] lines = stdout.split("\n");
        assertEquals(4, lines.length, stdout);
        assertEquals("exception=" + BlobStoreException.class.getName(), lines[0]);
        assertTrue(lines[1].matches("message=cannot store blob: writing temp file "
                + Pattern.quote(mountPoint + "/tmp/") + "put-[0-9]+-1-[0-9a-f]+\\.tmp failed after [0-9]+ bytes: No space left on device"), lines[1]);
        assertEquals("temp-files=0", lines[2]);
        assertEquals("blobs=0", lines[3]);
        // The mount was private to the child: here the directory is still empty.
        assertEquals(0, FileBlobStoreTest.countFiles(mountPoint));
    }

    /** unshare may be missing, or the kernel may refuse unprivileged user or mount namespaces. */
    private static boolean canMountPrivateTmpfs(Path mountPoint) throws InterruptedException {
        List<String> probe = new ArrayList<>(PRIVATE_MOUNT_NAMESPACE);
        probe.addAll(List.of(MOUNT_SMALL_TMPFS, mountPoint.toString()));
        try {
            Process process = new ProcessBuilder(probe).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> regularFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
