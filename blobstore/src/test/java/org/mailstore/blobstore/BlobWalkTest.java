package org.mailstore.blobstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlobWalkTest {

    @TempDir
    Path root;

    @Test
    void emptyStoreWalksToNothing() throws IOException {
        try (Stream<BlobId> walk = new FileBlobStore(root).walk()) {
            assertEquals(List.of(), walk.toList());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void findsExactlyTheStoredBlobsAndSkipsTempAndForeignFiles(int levels) throws IOException {
        FileBlobStore store = new FileBlobStore(root, levels);
        Set<BlobId> stored = new HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            stored.add(store.put(new PatternInputStream(100 + seed, seed)).id());
        }
        BlobId sample = stored.iterator().next();
        BlobId notStored = PatternInputStream.expectedId(10, 999);
        Path tmp = root.resolve(FileBlobStore.TEMP_DIRECTORY);
        // A temp file with a blob-like name, as a crashed put might leave if names were ever hashes.
        Files.writeString(tmp.resolve(notStored.hex()), "partial");
        Files.writeString(tmp.resolve("put-1-1-ff.tmp"), "partial");
        Files.writeString(root.resolve("README"), "foreign");
        Files.writeString(root.resolve(unusedLevelName(stored)), "a file with a level-like name");
        Files.createDirectories(root.resolve("lost+found"));
        Files.writeString(root.resolve("lost+found").resolve(notStored.hex()), "foreign");
        Path sampleDir = store.pathOf(sample).getParent();
        Files.writeString(sampleDir.resolve(sample.hex().toUpperCase()), "uppercase is not a blob name");
        Files.writeString(sampleDir.resolve(sample.hex() + ".bak"), "foreign");
        Files.writeString(sampleDir.resolve(sample.hex().substring(1)), "too short");
        Files.writeString(sampleDir.resolve(notStored.hex()), "in the wrong directory unless unlucky");
        Files.createDirectories(sampleDir.resolve(hexWithPrefixOf(sample, levels)));
        if (levels > 0) {
            Path deeper = sampleDir.resolve("00");
            Files.createDirectories(deeper);
            Files.writeString(deeper.resolve(hexWithPrefixOf(sample, levels)), "one level too deep");
        }

        List<BlobId> walked;
        try (Stream<BlobId> walk = store.walk()) {
            walked = walk.toList();
        }

        Set<BlobId> expected = new HashSet<>(stored);
        if (levels == 0 || store.pathOf(notStored).getParent().equals(sampleDir)) {
            expected.add(notStored); // it happens to be in its right place after all
        }
        assertEquals(expected.size(), walked.size(), "no blob twice: " + walked);
        assertEquals(expected, Set.copyOf(walked));
    }

    @Test
    void closingTheStreamEarlyIsFine() throws IOException {
        FileBlobStore store = new FileBlobStore(root);
        for (int seed = 0; seed < 10; seed++) {
            store.put(new PatternInputStream(10, seed));
        }
        try (Stream<BlobId> walk = store.walk()) {
            assertEquals(3, walk.limit(3).count());
        }
    }

    @Test
    void unreadableLevelDirectoryIsAnErrorNotASilentGap() throws IOException {
        FileBlobStore store = new FileBlobStore(root);
        BlobId id = store.put(new PatternInputStream(10, 1)).id();
        Path level2 = store.pathOf(id).getParent();
        Files.delete(store.pathOf(id));
        Files.delete(level2);
        // A dangling symlink with a level-like name: listing it fails with an error other than "not a directory".
        Files.createSymbolicLink(level2, root.resolve("nowhere"));

        try (Stream<BlobId> walk = store.walk()) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, walk::toList);
            assertEquals("cannot list blob directory " + level2, e.getMessage());
        }
    }

    private static String unusedLevelName(Set<BlobId> stored) {
        for (int i = 0; i < 256; i++) {
            String name = String.format("%02x", i);
            if (stored.stream().noneMatch(id -> id.hex().startsWith(name))) {
                return name;
            }
        }
        throw new AssertionError("20 blobs cannot use all 256 first levels");
    }

    /** A 64-hex name that belongs in the same directory as {@code id}, but differs from it. */
    private static String hexWithPrefixOf(BlobId id, int levels) {
        String hex = id.hex();
        int keep = 2 * levels;
        char flipped = hex.charAt(keep) == '0' ? '1' : '0';
        return hex.substring(0, keep) + flipped + hex.substring(keep + 1);
    }
}
