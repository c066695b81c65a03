package org.mailstore.blobstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed in the middle of a put (kill -9, the OOM killer) leaves no blob under the final name:
 * the name only ever appears for complete, fsynced bytes. What it may leave is a temp file, which walk
 * ignores and which does not stop the same bytes being stored later.
 */
class PutCrashTest {

    private static final long LENGTH = 64L * 1024 * 1024;
    private static final long SEED = 42;

    @TempDir
    Path root;

    @Test
    @Timeout(120)
    void killedWriterLeavesNoBlobUnderItsName() throws Exception {
        BlobId id = PatternInputStream.expectedId(LENGTH, SEED);
        Process child = new ProcessBuilder(ChildJvm.command(SlowPutMain.class, root.toString(),
                String.valueOf(LENGTH), String.valueOf(SEED)))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("writing", out.readLine());
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }

        FileBlobStore store = new FileBlobStore(root);
        assertFalse(Files.exists(store.pathOf(id)));
        assertFalse(store.exists(id));
        List<Path> temps = tempFiles();
        assertEquals(1, temps.size(), "the killed put's temp file: " + temps);
        long partial = Files.size(temps.getFirst());
        long written = (long) SlowPutMain.CHUNKS_BEFORE_ANNOUNCING * BlobTempFile.BUFFER_BYTES;
        assertTrue(partial >= written && partial < LENGTH, "killed midway, temp file has " + partial + " bytes");
        try (Stream<BlobId> walk = store.walk()) {
            assertEquals(List.of(), walk.toList());
        }

        StoredBlob stored = store.put(new PatternInputStream(LENGTH, SEED));
        assertEquals(new StoredBlob(id, LENGTH, true), stored);
        assertTrue(store.verify(id));
        try (Stream<BlobId> walk = store.walk()) {
            assertEquals(List.of(id), walk.toList());
        }
    }

    private List<Path> tempFiles() throws Exception {
        try (Stream<Path> files = Files.list(root.resolve(FileBlobStore.TEMP_DIRECTORY))) {
            return files.toList();
        }
    }
}
