package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.S3BlobStore;
import org.mailstore.blobstore.testing.S3ProxyFixture;
import org.mailstore.blobstore.testing.S3ProxyServer;
import org.mailstore.schema.testing.TestDatabase;

/**
 * {@code mailstore bench populate} with blob.url naming an empty prefix of a bucket (s3proxy): every generated blob
 * becomes an object, nothing lands in the local tree, and the site reconciles clean with every object re-read.
 */
class BenchPopulateS3Test {
    private static final String PREFIX = "bench/blobs";
    private static final int MESSAGES = 50;

    /** Cli runs in this JVM, where the SDK reads credentials from system properties (set by the fixture). */
    @RegisterExtension
    static final S3ProxyFixture s3proxy = new S3ProxyFixture();

    @TempDir
    Path dir;

    @Test
    void populateFillsTheBucketAndTheSiteReconcilesClean() throws Exception {
        S3ProxyServer s3 = s3proxy.server();
        Map<String, String> env = ServeExternalDatabaseTest.env(TestDatabase.fresh(), dir.resolve("data"));
        env.put("MAILSTORE_BLOB_URL", "s3://" + S3ProxyServer.BUCKET + "/" + PREFIX);
        env.put("MAILSTORE_BLOB_S3_ENDPOINT", s3.endpoint().toString());
        env.put("MAILSTORE_BLOB_S3_REGION", "us-east-1");
        Cli cli = new Cli(env, dir);

        Cli.Result populated = cli.run("bench", "populate", "--messages", String.valueOf(MESSAGES), "--accounts", "3");
        assertEquals(0, populated.code(), populated.err());
        assertTrue(populated.out().startsWith("populated " + MESSAGES + " blobs ("), populated.out());
        try (S3BlobStore store = s3.store(PREFIX, dir.resolve("reader-spool")); Stream<BlobId> objects = store.walk()) {
            assertEquals(MESSAGES, objects.count());
        }
        try (Stream<Path> local = java.nio.file.Files.walk(dir.resolve("data/blobs"))) {
            assertEquals(java.util.List.of(), local.filter(java.nio.file.Files::isRegularFile).toList());
        }

        Cli.Result check = cli.run("reconcile", "--check", "--verify-content");
        assertEquals(0, check.code(), check.out() + check.err());
        assertTrue(check.out().contains("checked: " + MESSAGES + " blobs,"), check.out());
    }
}
