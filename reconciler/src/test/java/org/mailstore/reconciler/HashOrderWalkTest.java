package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.FileBlobStore;

class HashOrderWalkTest {
    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void yieldsWhatTheBlobStoreWalkYieldsInHashOrder(int levels) throws Exception {
        FileBlobStore blobs = new FileBlobStore(root, levels);
        for (int i = 0; i < 100; i++) write(blobs, "blob " + i);
        BlobId some = write(blobs, "misplace me");
        Files.writeString(root.resolve("tmp").resolve("put-1-1-x.tmp"), "in progress");
        Files.createDirectories(root.resolve("lost+found")).resolve("x");
        Files.writeString(blobs.pathOf(some).resolveSibling(some.hex().toUpperCase()), "uppercase name");
        Files.writeString(blobs.pathOf(some).resolveSibling(some.hex() + ".bak"), "editor backup");
        if (levels > 0) {
            String wrong = (some.hex().startsWith("ff") ? "00" : "ff") + some.hex().substring(2);
            Path misplaced = blobs.pathOf(BlobId.fromHex(wrong)).resolveSibling(some.hex());
            Files.createDirectories(misplaced.getParent());
            Files.writeString(misplaced, "in the wrong directory");
            Files.writeString(root.resolve("ab"), "a file named like a level");
        }
        Files.createDirectories(root.resolve("zz"));

        List<BlobId> expected;
        try (Stream<BlobId> walk = blobs.walk()) {
            expected = new ArrayList<>(walk.toList());
        }
        expected.sort((a, b) -> Arrays.compareUnsigned(a.bytes(), b.bytes()));
        List<BlobId> got = new ArrayList<>();
        try (HashOrderWalk walk = HashOrderWalk.of(root, levels)) {
            walk.forEachRemaining(got::add);
            assertEquals(101, walk.count());
        }
        assertEquals(101, expected.size());
        assertEquals(expected, got);
    }

    @Test
    void closingEarlyStopsTheWalker() throws Exception {
        FileBlobStore blobs = new FileBlobStore(root, 1);
        for (int i = 0; i < 40; i++) write(blobs, "many " + i);
        try (HashOrderWalk walk = HashOrderWalk.of(root, 1, 4)) {
            assertTrue(walk.hasNext());
            walk.next();
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("blob-walk") || t.getName().startsWith("blob-list-")).allMatch(t -> {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return !t.isAlive();
        }), "the walking and listing threads end once closed");
    }

    @Test
    void keepsHashOrderWhenListingsFinishOutOfOrder() throws Exception {
        FileBlobStore blobs = new FileBlobStore(root, 2);
        List<BlobId> expected = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) expected.add(write(blobs, "order " + i));
        expected.sort((a, b) -> Arrays.compareUnsigned(a.bytes(), b.bytes()));
        List<BlobId> got = new ArrayList<>();
        try (HashOrderWalk walk = HashOrderWalk.of(root, 2, 3)) {
            walk.forEachRemaining(got::add);
        }
        assertEquals(expected, got);
    }

    @Test
    void takesAnEntryNamedLikeABlobWithoutAskingWhatItIs() throws Exception {
        FileBlobStore blobs = new FileBlobStore(root, 1);
        BlobId real = write(blobs, "real");
        BlobId fake = BlobId.fromHex(real.hex().substring(0, 2) + "0".repeat(BlobId.HEX_LENGTH - 2));
        Files.createDirectories(blobs.pathOf(fake));
        List<BlobId> got = new ArrayList<>();
        try (HashOrderWalk walk = HashOrderWalk.of(root, 1)) {
            walk.forEachRemaining(got::add);
        }
        assertEquals(List.of(fake, real), got, "no stat per entry: a directory with a blob's name is yielded, and fails verification");
    }

    /** A blob as put would leave it, without put's fsyncs (this file system makes those slow). */
    private static BlobId write(FileBlobStore blobs, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        BlobId id = BlobId.of(java.security.MessageDigest.getInstance(BlobId.ALGORITHM).digest(bytes));
        Files.createDirectories(blobs.pathOf(id).getParent());
        Files.write(blobs.pathOf(id), bytes);
        return id;
    }
}
