package org.mailstore.blobstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Invariant 2's path rule, {@code <blobroot>/ab/cd/abcd…}, at every configurable depth. */
class FanoutLayoutTest {

    private static final String HEX = "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";
    private static final BlobId ID = BlobId.fromHex(HEX);

    @TempDir
    Path root;

    @Test
    void defaultIsTwoLevels() {
        assertEquals(2, FileBlobStore.DEFAULT_FANOUT_LEVELS);
        assertEquals(root.resolve("ab/cd/" + HEX), new FileBlobStore(root).pathOf(ID));
    }

    @Test
    void pathsAtZeroToFourLevels() {
        assertEquals(root.resolve(HEX), new FileBlobStore(root, 0).pathOf(ID));
        assertEquals(root.resolve("ab/" + HEX), new FileBlobStore(root, 1).pathOf(ID));
        assertEquals(root.resolve("ab/cd/" + HEX), new FileBlobStore(root, 2).pathOf(ID));
        assertEquals(root.resolve("ab/cd/ef/" + HEX), new FileBlobStore(root, 3).pathOf(ID));
        assertEquals(root.resolve("ab/cd/ef/01/" + HEX), new FileBlobStore(root, 4).pathOf(ID));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void putStoresTheBlobAtItsDocumentedPath(int levels) throws IOException {
        FileBlobStore store = new FileBlobStore(root, levels);
        BlobId id = store.put(new PatternInputStream(5000, levels)).id();

        String hex = id.hex();
        Path expected = root;
        for (int level = 0; level < levels; level++) {
            expected = expected.resolve(hex.substring(2 * level, 2 * level + 2));
        }
        expected = expected.resolve(hex);
        assertEquals(expected, store.pathOf(id));
        assertTrue(Files.isRegularFile(expected));
        try (var walk = store.walk()) {
            assertEquals(List.of(id), walk.toList());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 5, 32})
    void rejectsLevelsOutsideZeroToFour(int levels) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FileBlobStore(root, levels));
        assertEquals("fan-out levels must be between 0 and 4, got " + levels, e.getMessage());
    }

    @Test
    void relativeRootsAreMadeAbsolute() {
        FileBlobStore store = new FileBlobStore(root.resolve("x/../blobs"));
        assertEquals(root.resolve("blobs/ab/cd/" + HEX), store.pathOf(ID));
    }
}
