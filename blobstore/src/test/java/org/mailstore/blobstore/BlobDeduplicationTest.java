package org.mailstore.blobstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Invariant 2: identical bytes are stored once, and an existing blob is never rewritten. */
class BlobDeduplicationTest {

    private static final int THREADS = 16;
    private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2001-02-03T04:05:06Z"));

    @TempDir
    Path root;

    @Test
    void secondPutOfTheSameBytesLeavesTheFirstFileUntouched() throws Exception {
        FileBlobStore store = new FileBlobStore(root);
        StoredBlob first = store.put(new PatternInputStream(100_000, 1));
        Path file = store.pathOf(first.id());
        // Backdate the file, so a rewrite or replacement would show in its mtime as well as its inode.
        Files.setLastModifiedTime(file, LONG_AGO);
        Object inode = Files.getAttribute(file, "unix:ino");

        StoredBlob second = store.put(new PatternInputStream(100_000, 1));

        assertEquals(new StoredBlob(first.id(), 100_000, false), second);
        assertTrue(first.created());
        assertEquals(inode, Files.getAttribute(file, "unix:ino"));
        assertEquals(LONG_AGO, Files.getLastModifiedTime(file));
        assertEquals(1, (Integer) Files.getAttribute(file, "unix:nlink"));
        assertEquals(List.of(file), blobFiles());
        assertEquals(0, FileBlobStoreTest.countFiles(root.resolve(FileBlobStore.TEMP_DIRECTORY)));
    }

    @RepeatedTest(5)
    @Timeout(60)
    void concurrentPutsOfTheSameBytesStoreOneFile() throws Exception {
        FileBlobStore store = new FileBlobStore(root);
        byte[] bytes = new PatternInputStream(1_000_000, 16).readAllBytes();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<StoredBlob>> puts = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (int i = 0; i < THREADS; i++) {
                puts.add(pool.submit(() -> {
                    start.await();
                    return store.put(new ByteArrayInputStream(bytes));
                }));
            }
            start.countDown();
        }

        List<StoredBlob> results = new ArrayList<>();
        for (Future<StoredBlob> put : puts) {
            results.add(put.get());
        }
        BlobId id = PatternInputStream.expectedId(1_000_000, 16);
        assertEquals(Set.of(id), results.stream().map(StoredBlob::id).collect(Collectors.toSet()));
        assertEquals(1, results.stream().filter(StoredBlob::created).count(), "exactly one put creates the blob");
        assertEquals(List.of(store.pathOf(id)), blobFiles());
        assertEquals(1, (Integer) Files.getAttribute(store.pathOf(id), "unix:nlink"));
        assertEquals(0, FileBlobStoreTest.countFiles(root.resolve(FileBlobStore.TEMP_DIRECTORY)));
        assertTrue(store.verify(id));
    }

    @Test
    void differentBytesGetDifferentFiles() throws IOException {
        FileBlobStore store = new FileBlobStore(root);
        StoredBlob a = store.put(new PatternInputStream(1000, 1));
        StoredBlob b = store.put(new PatternInputStream(1000, 2));
        assertFalse(a.id().equals(b.id()));
        assertEquals(Set.of(store.pathOf(a.id()), store.pathOf(b.id())), Set.copyOf(blobFiles()));
    }

    /** Every regular file outside the temp directory, found by listing the tree directly. */
    private List<Path> blobFiles() throws IOException {
        Path tmp = root.resolve(FileBlobStore.TEMP_DIRECTORY);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.startsWith(tmp)).toList();
        }
    }
}
