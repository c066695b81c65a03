package org.mailstore.blobstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.testing.S3ProxyServer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * The contract suite against a real S3-compatible server (s3proxy in-process, objects as files), each test in
 * its own key prefix, plus what only the S3 store has: its keys, foreign objects in the bucket, the spool.
 */
class S3BlobStoreTest extends BlobStoreContractTest {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static S3ProxyServer server;

    @TempDir
    static Path serverDir;
    @TempDir
    Path spool;

    private String prefix;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3ProxyServer.start(serverDir.resolve("s3"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    BlobStore newStore() {
        prefix = "test" + PREFIXES.incrementAndGet() + "/blobs";
        return server.store(prefix, spool);
    }

    @Override
    void overwrite(BlobId id, byte[] bytes) throws IOException {
        Files.write(server.bucketDirectory().resolve(s3Store().keyOf(id)), bytes);
    }

    @Override
    String locationOf(BlobId id) {
        return "s3://" + S3ProxyServer.BUCKET + "/" + s3Store().keyOf(id);
    }

    private S3BlobStore s3Store() {
        return (S3BlobStore) store;
    }

    @Test
    void aBlobIsTheObjectAtItsFanOutKeyAndTheSpoolIsEmptiedOnClose() throws IOException {
        StoredBlob stored = store.put(ascii(MESSAGE));

        String hex = MESSAGE_SHA256;
        assertEquals(prefix + "/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex, s3Store().keyOf(stored.id()));
        assertEquals(MESSAGE, Files.readString(server.bucketDirectory().resolve(s3Store().keyOf(stored.id()))));
        assertEquals(1, FileBlobStoreTest.countFiles(spool));
        store.close();
        assertEquals(0, FileBlobStoreTest.countFiles(spool));
    }

    @Test
    void aReadRightAfterAPutGetsNothingFromS3() throws IOException {
        GetCounter gets = new GetCounter();
        try (S3BlobStore counted = new S3BlobStore(server.client(gets), S3ProxyServer.BUCKET, prefix, spool)) {
            BlobId id = counted.put(ascii(MESSAGE)).id();

            assertEquals(MESSAGE, readAll(counted, id));
            assertEquals(MESSAGE.substring(5, 12), new String(range(counted, id, 5, 7), StandardCharsets.US_ASCII));
            assertEquals(0, range(counted, id, MESSAGE.length() + 3, 4).length);
            assertEquals(0, gets.count());
        }
        try (S3BlobStore cold = new S3BlobStore(server.client(gets), S3ProxyServer.BUCKET, prefix, spool)) {
            assertEquals(MESSAGE, readAll(cold, BlobId.fromHex(MESSAGE_SHA256)));
            assertEquals(1, gets.count());
        }
    }

    @Test
    void theOldestPutIsEvictedFirstAndItsSpoolFileDeleted() throws IOException {
        GetCounter gets = new GetCounter();
        try (S3BlobStore small = new S3BlobStore(server.client(gets), S3ProxyServer.BUCKET, prefix, spool, 2, 1024)) {
            BlobId first = small.put(ascii("first\r\n")).id();
            BlobId second = small.put(ascii("second\r\n")).id();
            BlobId third = small.put(ascii("third\r\n")).id();
            assertEquals(2, FileBlobStoreTest.countFiles(spool));

            assertEquals("third\r\n", readAll(small, third));
            assertEquals("second\r\n", readAll(small, second));
            assertEquals(0, gets.count());
            assertEquals("first\r\n", readAll(small, first));
            assertEquals(1, gets.count());

            small.put(new PatternInputStream(1025, 3));
            assertEquals(2, FileBlobStoreTest.countFiles(spool), "a blob over the byte budget is not kept");
            small.put(new PatternInputStream(1020, 4));
            assertEquals(1, FileBlobStoreTest.countFiles(spool), "the byte budget evicts both older spools");
        }
        assertEquals(0, FileBlobStoreTest.countFiles(spool));
    }

    @Test
    void deletingABlobDropsItsSpool() throws IOException {
        BlobId id = store.put(ascii(MESSAGE)).id();

        store.delete(id);

        assertEquals(0, FileBlobStoreTest.countFiles(spool));
        assertThrows(BlobNotFoundException.class, () -> store.openStream(id, 0, 1));
    }

    @Test
    void concurrentPutsAndReadsThroughASmallCacheReadTheirOwnBytes() throws Exception {
        int threads = 8;
        int perThread = 25;
        try (S3BlobStore small = new S3BlobStore(server.client(), S3ProxyServer.BUCKET, prefix, spool, 3, 4096);
                var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int good = 0;
                    for (int i = 0; i < perThread; i++) {
                        String text = "message " + thread + "/" + i + "\r\n";
                        BlobId id = small.put(ascii(text)).id();
                        if (text.equals(readAll(small, id))) good++;
                    }
                    return good;
                }));
            }
            for (var result : results) {
                assertEquals(perThread, result.get());
            }
        }
        assertEquals(0, FileBlobStoreTest.countFiles(spool));
    }

    private static String readAll(BlobStore store, BlobId id) throws IOException {
        try (InputStream in = java.nio.channels.Channels.newInputStream(store.open(id))) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** Counts the GETs a client sends; HEAD, PUT and LIST are not counted. */
    private static final class GetCounter implements ExecutionInterceptor {
        private final AtomicInteger gets = new AtomicInteger();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof GetObjectRequest) gets.incrementAndGet();
        }

        int count() {
            return gets.get();
        }
    }

    @Test
    void walkSkipsForeignAndMisplacedObjects() throws IOException {
        BlobId id = store.put(ascii(MESSAGE)).id();
        String hex = id.hex();
        try (var client = server.client()) {
            for (String foreign : List.of(prefix + "/README", prefix + "/ab/cd/notablob",
                    prefix + "/00/00/" + hex, prefix + "/" + hex, prefix + "/" + hex.substring(0, 2) + "/"
                            + hex.substring(2, 4) + "/" + hex.toUpperCase(), prefix + "x/" + s3Store().keyOf(id))) {
                client.putObject(b -> b.bucket(S3ProxyServer.BUCKET).key(foreign), RequestBody.fromString("x"));
            }
        }

        assertEquals(List.of(id), walked());
    }

    @Test
    void anObjectAlreadyInTheBucketIsNotUploadedAgain() throws IOException {
        BlobId id = store.put(ascii(MESSAGE)).id();
        Path object = server.bucketDirectory().resolve(s3Store().keyOf(id));
        long before = Files.getLastModifiedTime(object).toMillis();
        Files.setLastModifiedTime(object, java.nio.file.attribute.FileTime.fromMillis(before - 3_600_000));

        StoredBlob again = store.put(ascii(MESSAGE));

        assertEquals(false, again.created());
        assertEquals(before - 3_600_000, Files.getLastModifiedTime(object).toMillis());
    }

    @Test
    void aLargeBlobGoesUpInPartsAndReadsBackByRange() throws IOException {
        long length = S3BlobStore.MULTIPART_THRESHOLD_BYTES + S3BlobStore.PART_BYTES / 2;
        StoredBlob stored = store.put(new PatternInputStream(length, 9));

        assertEquals(new StoredBlob(PatternInputStream.expectedId(length, 9), length, true), stored);
        byte[] all = new PatternInputStream(length, 9).readAllBytes();
        long offset = S3BlobStore.PART_BYTES - 5;
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOfRange(all, (int) offset, (int) offset + 10)),
                java.util.Arrays.toString(range(store, stored.id(), offset, 10)));
        assertTrue(store.verify(stored.id()));
    }
}
