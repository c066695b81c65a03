package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.S3BlobStore;
import org.mailstore.blobstore.testing.S3ProxyServer;

/**
 * {@link ScaleOutTest} with the blobs in one bucket every instance reaches over HTTP: s3proxy in this JVM, each
 * {@code serve} a child JVM with the credentials in its environment, as an operator sets them. The checks are those of
 * the shared directory; what differs is that no instance sees another's writes through a file system, only through S3.
 */
class ScaleOutS3Test extends ScaleOutTest {
    private static final String PREFIX = "scale-out/blobs";

    /** The bodies the first two tests store, every one distinct: LMTP and IMAP load, then one IDLE delivery per instance. */
    private static final long STORED_BODIES = LMTP_THREADS * LMTP_MESSAGES_PER_THREAD + IMAP_THREADS * IMAP_APPENDS_PER_THREAD + INSTANCES;

    private S3ProxyServer s3;
    private Path shared;

    @Override
    Map<String, String> blobStoreEnv(Path shared) throws Exception {
        this.shared = shared;
        s3 = S3ProxyServer.start(shared.resolve("s3"));
        return Map.of(
                "MAILSTORE_BLOB_URL", "s3://" + S3ProxyServer.BUCKET + "/" + PREFIX,
                "MAILSTORE_BLOB_S3_ENDPOINT", s3.endpoint().toString(),
                "MAILSTORE_BLOB_S3_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
    }

    @Test
    @Order(4)
    void everyStoredBodyIsOneObjectInTheBucket() throws Exception {
        try (S3BlobStore store = s3.store(PREFIX, Files.createDirectories(shared.resolve("reader-spool")));
             Stream<BlobId> objects = store.walk()) {
            assertEquals(STORED_BODIES, objects.count());
        }
    }

    @Override
    void closeBlobStore() throws Exception {
        if (s3 != null) s3.close();
    }
}
