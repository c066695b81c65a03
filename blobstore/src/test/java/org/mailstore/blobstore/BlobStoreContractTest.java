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
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailstore.blobstore.testing.BreakingInputStream;

/**
 * What every {@link BlobStore} promises, run unchanged against each implementation: a subclass says how to
 * make a fresh, empty store and how to damage a stored blob behind the store's back.
 */
abstract class BlobStoreContractTest {

    static final String MESSAGE = "From: a@example.org\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nHello.\r\n";
    static final String MESSAGE_SHA256 = hex(MESSAGE.getBytes(StandardCharsets.US_ASCII));

    BlobStore store;

    /** A fresh, empty store. */
    abstract BlobStore newStore() throws Exception;

    /** Replaces the stored bytes of {@code id} without going through the store (damage on disk or in the bucket). */
    abstract void overwrite(BlobId id, byte[] bytes) throws Exception;

    /** Where the store says it looked for a missing blob, as its {@link BlobNotFoundException} names it. */
    abstract String locationOf(BlobId id);

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws IOException {
        store.close();
    }

    @Test
    void putThenOpenReturnsTheSameBytesUnderTheirSha256() throws IOException {
        byte[] bytes = MESSAGE.getBytes(StandardCharsets.US_ASCII);

        StoredBlob stored = store.put(new ByteArrayInputStream(bytes));

        assertEquals(new StoredBlob(BlobId.fromHex(MESSAGE_SHA256), bytes.length, true), stored);
        try (SeekableByteChannel channel = store.open(stored.id())) {
            assertEquals(bytes.length, channel.size());
            ByteBuffer buffer = ByteBuffer.allocate(bytes.length);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // fill
            }
            assertArrayEquals(bytes, buffer.array());
            assertEquals(-1, channel.read(ByteBuffer.allocate(1)));
        }
        try (InputStream in = store.openStream(stored.id(), 0, Long.MAX_VALUE)) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
    }

    @Test
    void secondPutOfTheSameBytesIsDeduplicated() throws IOException {
        StoredBlob first = store.put(ascii(MESSAGE));
        StoredBlob second = store.put(ascii(MESSAGE));

        assertTrue(first.created());
        assertEquals(new StoredBlob(first.id(), first.size(), false), second);
        assertEquals(List.of(first.id()), walked());
    }

    @Test
    void openedChannelsSeekAndRefuseWrites() throws IOException {
        BlobId id = store.put(ascii(MESSAGE)).id();
        try (SeekableByteChannel channel = store.open(id)) {
            channel.position(6);
            ByteBuffer buffer = ByteBuffer.allocate(13);
            assertEquals(13, channel.read(buffer));
            assertEquals("a@example.org", new String(buffer.array(), StandardCharsets.US_ASCII));
            assertEquals(19, channel.position());
            channel.position(0);
            ByteBuffer start = ByteBuffer.allocate(5);
            assertEquals(5, channel.read(start));
            assertEquals("From:", new String(start.array(), StandardCharsets.US_ASCII));
            channel.position(MESSAGE.length() + 10);
            assertEquals(-1, channel.read(ByteBuffer.allocate(1)));
            assertThrows(NonWritableChannelException.class, () -> channel.write(ByteBuffer.allocate(1)));
        }
    }

    @Test
    void rangedReadsReturnTheRangeAndStopAtTheEnd() throws IOException {
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
        BlobId id = store.put(ascii(MESSAGE)).id();
        assertThrows(IllegalArgumentException.class, () -> store.openStream(id, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> store.openStream(id, 0, -1));
    }

    @Test
    void emptyBlob() throws IOException {
        StoredBlob stored = store.put(InputStream.nullInputStream());

        assertEquals(new StoredBlob(
                BlobId.fromHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), 0, true), stored);
        try (SeekableByteChannel channel = store.open(stored.id())) {
            assertEquals(0, channel.size());
            assertEquals(-1, channel.read(ByteBuffer.allocate(1)));
        }
        assertArrayEquals(new byte[0], range(store, stored.id(), 0, 10));
        assertTrue(store.verify(stored.id()));
    }

    @Test
    void twentyMegabyteBlobStreamsThrough() throws IOException {
        long length = 20L * 1024 * 1024;

        StoredBlob stored = store.put(new PatternInputStream(length, 20));

        assertEquals(new StoredBlob(PatternInputStream.expectedId(length, 20), length, true), stored);
        assertEquals(stored.id(), BlobId.of(sha256(store.openStream(stored.id(), 0, length))));
        try (SeekableByteChannel channel = store.open(stored.id())) {
            assertEquals(length, channel.size());
        }
        assertTrue(store.verify(stored.id()));
    }

    @Test
    void openingAMissingBlobNamesItsHash() {
        BlobId missing = BlobId.fromHex(MESSAGE_SHA256);
        String expected = "blob " + MESSAGE_SHA256 + " not found at " + locationOf(missing);

        BlobNotFoundException open = assertThrows(BlobNotFoundException.class, () -> store.open(missing));
        BlobNotFoundException stream = assertThrows(BlobNotFoundException.class,
                () -> store.openStream(missing, 0, 10));
        BlobNotFoundException empty = assertThrows(BlobNotFoundException.class,
                () -> store.openStream(missing, 0, 0));
        BlobNotFoundException verify = assertThrows(BlobNotFoundException.class, () -> store.verify(missing));

        for (BlobNotFoundException e : new BlobNotFoundException[] {open, stream, empty, verify}) {
            assertEquals(expected, e.getMessage());
            assertEquals(missing, e.id());
        }
    }

    @Test
    void existsAndDelete() throws IOException {
        BlobId id = store.put(ascii(MESSAGE)).id();
        assertTrue(store.exists(id));

        store.delete(id);

        assertFalse(store.exists(id));
        assertThrows(BlobNotFoundException.class, () -> store.open(id));
        assertEquals(List.of(), walked());
        store.delete(id);
        assertFalse(store.exists(BlobId.fromHex("0".repeat(64))));
    }

    @Test
    void walkListsEveryStoredBlob() throws IOException {
        Set<BlobId> stored = Stream.of("one", "two", "three", "")
                .map(text -> {
                    try {
                        return store.put(ascii(text)).id();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .collect(Collectors.toSet());

        assertEquals(stored, Set.copyOf(walked()));
        assertEquals(stored.size(), walked().size());
    }

    @Test
    void verifyPassesAnIntactBlobAndCatchesAFlippedByte() throws Exception {
        BlobId id = store.put(new PatternInputStream(200_000, 7)).id();
        BlobId other = store.put(ascii(MESSAGE)).id();
        assertTrue(store.verify(id));

        byte[] bytes = new PatternInputStream(200_000, 7).readAllBytes();
        bytes[123_456] ^= 0x01;
        overwrite(id, bytes);

        assertFalse(store.verify(id));
        assertTrue(store.verify(other));
    }

    @Test
    void verifyCatchesATruncatedBlob() throws Exception {
        BlobId id = store.put(ascii(MESSAGE)).id();
        overwrite(id, MESSAGE.substring(1).getBytes(StandardCharsets.US_ASCII));

        assertFalse(store.verify(id));
    }

    @Test
    void putRejectsNullInput() {
        assertThrows(NullPointerException.class, () -> store.put(null));
    }

    @Test
    void aBrokenInputStoresNothing() throws IOException {
        assertThrows(BlobStoreException.class, () -> store.put(new BreakingInputStream(new PatternInputStream(200_000, 3), 100_000, new IOException("connection reset by test"))));
        assertEquals(List.of(), walked());
    }

    List<BlobId> walked() throws IOException {
        try (Stream<BlobId> ids = store.walk()) {
            return ids.toList();
        }
    }

    static InputStream ascii(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] range(BlobStore store, BlobId id, long offset, long length) throws IOException {
        try (InputStream in = store.openStream(id, offset, length)) {
            return in.readAllBytes();
        }
    }

    static byte[] sha256(InputStream source) throws IOException {
        MessageDigest digest = BlobId.newDigest();
        byte[] buffer = new byte[8192];
        try (InputStream in = source) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(BlobId.newDigest().digest(bytes));
    }
}
