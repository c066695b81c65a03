package org.mailstore.blobstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract suite on the file tree, plus what only the file tree has: paths, its temp directory. */
class FileBlobStoreTest extends BlobStoreContractTest {

    @TempDir
    Path root;

    @Override
    BlobStore newStore() {
        return new FileBlobStore(root);
    }

    @Override
    void overwrite(BlobId id, byte[] bytes) throws IOException {
        Files.write(fileStore().pathOf(id), bytes);
    }

    @Override
    String locationOf(BlobId id) {
        return fileStore().pathOf(id).toString();
    }

    private FileBlobStore fileStore() {
        return (FileBlobStore) store;
    }

    @Test
    void aBlobIsTheFileAtItsPathAndNoTempFileRemains() throws IOException {
        byte[] bytes = MESSAGE.getBytes(StandardCharsets.US_ASCII);

        StoredBlob stored = store.put(ascii(MESSAGE));

        assertArrayEquals(bytes, Files.readAllBytes(fileStore().pathOf(stored.id())));
        assertEquals(0, countFiles(root.resolve(FileBlobStore.TEMP_DIRECTORY)));
    }

    @Test
    void missingBlobsAreNoticedByTheOpenFailing() {
        BlobId missing = BlobId.fromHex(MESSAGE_SHA256);
        BlobNotFoundException e = assertThrows(BlobNotFoundException.class, () -> store.open(missing));
        assertEquals(NoSuchFileException.class, e.getCause().getClass());
    }

    @Test
    void deleteRemovesTheFile() throws IOException {
        BlobId id = store.put(ascii(MESSAGE)).id();
        store.delete(id);
        assertFalse(Files.exists(fileStore().pathOf(id)));
    }

    @Test
    void constructionCreatesTheRootAndItsTempDirectory() {
        Path nested = root.resolve("a/b/blobs");
        FileBlobStore nestedStore = new FileBlobStore(nested);
        assertTrue(Files.isDirectory(nested.resolve(FileBlobStore.TEMP_DIRECTORY)));
        assertEquals("FileBlobStore[" + nested + ", 2 fan-out levels]", nestedStore.toString());
    }

    static long countFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }
}
