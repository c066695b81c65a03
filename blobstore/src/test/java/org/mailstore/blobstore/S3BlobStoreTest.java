package org.mailstore.blobstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.testing.S3ProxyServer;
import software.amazon.awssdk.core.sync.RequestBody;

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
    void aBlobIsTheObjectAtItsFanOutKeyAndTheSpoolIsEmptied() throws IOException {
        StoredBlob stored = store.put(ascii(MESSAGE));

        String hex = MESSAGE_SHA256;
        assertEquals(prefix + "/" + hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/" + hex, s3Store().keyOf(stored.id()));
        assertEquals(MESSAGE, Files.readString(server.bucketDirectory().resolve(s3Store().keyOf(stored.id()))));
        assertEquals(0, FileBlobStoreTest.countFiles(spool));
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
