package org.mailstore.blobstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {

    private static final String MESSAGE = "From: a@example.org\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nHello.\r\n";
    private static final String MESSAGE_SHA256 = hex(MESSAGE.getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path root;

    @Test
    void putThenOpenReturnsTheSameBytesUnderTheirSha256() throws IOException {
        FileBlobStore store = new FileBlobStore(root);
        byte[] bytes = MESSAGE.getBytes(StandardCharsets.US_ASCII);

        StoredBlob stored = store.put(new ByteArrayInputStream(bytes));

        assertEquals(new StoredBlob(BlobId.fromHex(MESSAGE_SHA256), bytes.length, true), stored);
        assertArrayEquals(bytes, Files.readAllBytes(store.pathOf(stored.id())));
        try (SeekableByteChannel channel = store.open(stored.id())) {
            assertEquals(bytes.length, channel.size());
            ByteBuffer buffer = ByteBuffer.allocate(bytes.length);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // fill
            }
            assertArrayEquals(bytes, buffer.array());
        }
        try (InputStream in = store.openStream(stored.id(), 0, Long.MAX_VALUE)) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
        assertEquals(0, countFiles(root.resolve(FileBlobStore.TEMP_DIRECTORY)));
    }

    @Test
    void openedChannelsSeekAndRefuseWrites() throws IOException {
        FileBlobStore store = new FileBlobStore(root);
        BlobId id = store.put(ascii(MESSAGE)).id();
        try (SeekableByteChannel channel = store.open(id)) {
            channel.position(6);
            ByteBuffer buffer = ByteBuffer.allocate(13);
            assertEquals(13, channel.read(buffer));
            assertEquals("a@example.org", new String(buffer.array(), StandardCharsets.US_ASCII));
            assertThrows(NonWritableChannelException.class, () -> channel.write(ByteBuffer.allocate(1)));
        }
    }

    @Test
    void rangedReadsReturnTheRangeAndStopAtTheEnd() throws IOException {
        FileBlobStore store = new FileBlobStore(root);
        byte[] bytes = new byte[1000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        BlobId id = store.put(new ByteArrayInputStream(bytes)).id();

        assertArrayEquals(Arrays.copyOfRange(bytes, 0, 10), range(store, id, 0, 10));
        assertArrayEquals(Arrays.copyOfRange(bytes, 500, 520), range(store, id, 500, 20));
        assertArrayEquals(Arrays.copyOfRange(bytes, 990, 1000), range(store, id, 990, 100));
        assertArrayEquals(Arrays.copyOfRange(bytes, 1, 1000), range(store, id, 1, Long.MAX_VALUE));
        assertArrayEquals(new byte[0], range(store, id, 1000, 5));
        assertArrayEquals(new byte[0], range(store, id, 5000, 5));
        assertArrayEquals(new byte[0], range(store, id, 10, 0));
    }

    @Test
    void rangedReadsByteByByte() throws IOException {
        FileBlobStore store = new FileBlobStore(root);
        BlobId id = store.put(ascii("abcdef")).id();
        try (InputStream in = store.openStream(id, 4, 10)) {
            assertEquals('e', in.read());
            assertEquals('f', in.read());
            assertEquals(-1, in.read());
            assertEquals(-1, in.read());
        }
    }

    @Test
    void rangedReadsRejectNegativeOffsetOrLength() throws IOException {
        FileBlobStore store = new FileBlobStore(root);
        BlobId id = store.put(ascii(MESSAGE)).id();
        assertThrows(IllegalArgumentException.class, () -> store.openStream(id, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> store.openStream(id, 0, -1));
    }

    @Test
    void emptyBlob() throws IOException {
        FileBlobStore store = new FileBlobStore(root);

        StoredBlob stored = store.put(InputStream.nullInputStream());

        assertEquals(new StoredBlob(
                BlobId.fromHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), 0, true), stored);
        assertEquals(0, Files.size(store.pathOf(stored.id())));
        try (SeekableByteChannel channel = store.open(stored.id())) {
            assertEquals(-1, channel.read(ByteBuffer.allocate(1)));
        }
        assertArrayEquals(new byte[0], range(store, stored.id(), 0, 10));
        assertTrue(store.verify(stored.id()));
    }

    @Test
    void twentyMegabyteBlobStreamsThrough() throws IOException {
        FileBlobStore store = new FileBlobStore(root);
        long length = 20L * 1024 * 1024;

        StoredBlob stored = store.put(new PatternInputStream(length, 20));

        assertEquals(new StoredBlob(PatternInputStream.expectedId(length, 20), length, true), stored);
        assertEquals(length, Files.size(store.pathOf(stored.id())));
        MessageDigest digest = BlobId.newDigest();
        byte[] buffer = new byte[8192];
        long read = 0;
        try (InputStream in = store.openStream(stored.id(), 0, length)) {
            for (int n; (n = in.read(buffer)) > 0; read += n) {
                digest.update(buffer, 0, n);
            }
        }
        assertEquals(length, read);
        assertEquals(stored.id(), BlobId.of(digest.digest()));
    }

    @Test
    void openingAMissingBlobNamesItsHash() {
        FileBlobStore store = new FileBlobStore(root);
        BlobId missing = BlobId.fromHex(MESSAGE_SHA256);
        String expected = "blob " + MESSAGE_SHA256 + " not found at " + store.pathOf(missing);

        BlobNotFoundException open = assertThrows(BlobNotFoundException.class, () -> store.open(missing));
        BlobNotFoundException stream = assertThrows(BlobNotFoundException.class,
                () -> store.openStream(missing, 0, 10));
        BlobNotFoundException verify = assertThrows(BlobNotFoundException.class, () -> store.verify(missing));

        for (BlobNotFoundException e : new BlobNotFoundException[] {open, stream, verify}) {
            assertEquals(expected, e.getMessage());
            assertEquals(missing, e.id());
            assertEquals(NoSuchFileException.class, e.getCause().getClass());
        }
    }

    @Test
    void existsAndDelete() throws IOException {
        FileBlobStore store = new FileBlobStore(root);
        BlobId id = store.put(ascii(MESSAGE)).id();
        assertTrue(store.exists(id));

        store.delete(id);

        assertFalse(store.exists(id));
        assertFalse(Files.exists(store.pathOf(id)));
        assertThrows(BlobNotFoundException.class, () -> store.open(id));
        store.delete(id);
        assertFalse(store.exists(BlobId.fromHex("0".repeat(64))));
    }

    @Test
    void verifyPassesAnIntactBlobAndCatchesAFlippedByte() throws IOException {
        FileBlobStore store = new FileBlobStore(root);
        BlobId id = store.put(new PatternInputStream(200_000, 7)).id();
        BlobId other = store.put(ascii(MESSAGE)).id();
        assertTrue(store.verify(id));

        Path file = store.pathOf(id);
        byte[] bytes = Files.readAllBytes(file);
        bytes[123_456] ^= 0x01;
        Files.write(file, bytes);

        assertFalse(store.verify(id));
        assertTrue(store.verify(other));
    }

    @Test
    void verifyCatchesATruncatedBlob() throws IOException {
        FileBlobStore store = new FileBlobStore(root);
        BlobId id = store.put(ascii(MESSAGE)).id();
        Files.write(store.pathOf(id), MESSAGE.substring(1).getBytes(StandardCharsets.US_ASCII));

        assertFalse(store.verify(id));
    }

    @Test
    void constructionCreatesTheRootAndItsTempDirectory() {
        Path nested = root.resolve("a/b/blobs");
        FileBlobStore store = new FileBlobStore(nested);
        assertTrue(Files.isDirectory(nested.resolve(FileBlobStore.TEMP_DIRECTORY)));
        assertEquals("FileBlobStore[" + nested + ", 2 fan-out levels]", store.toString());
    }

    @Test
    void putRejectsNullInput() {
        FileBlobStore store = new FileBlobStore(root);
        assertThrows(NullPointerException.class, () -> store.put(null));
    }

    static InputStream ascii(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    static long countFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }

    private static byte[] range(BlobStore store, BlobId id, long offset, long length) throws IOException {
        try (InputStream in = store.openStream(id, offset, length)) {
            return in.readAllBytes();
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(BlobId.newDigest().digest(bytes));
    }
}
