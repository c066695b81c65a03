package org.mailstore.blobstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.testing.S3ProxyServer;

/** The S3 endpoint going away and coming back: nothing is acknowledged while it is down, all works after. */
class S3OutageTest {

    @TempDir
    Path dir;

    @Test
    void putFailsWhileTheEndpointIsDownAndWorksWhenItIsBack() throws Exception {
        Path spool = dir.resolve("spool");
        try (S3ProxyServer server = S3ProxyServer.start(dir.resolve("s3"));
             S3BlobStore store = server.store("outage", spool)) {
            // Put through another store, so this one has no spool of it and must read it from S3.
            BlobId before;
            try (S3BlobStore writer = server.store("outage", dir.resolve("writer-spool"))) {
                before = writer.put(ascii("stored before the outage")).id();
            }

            server.stop();
            BlobStoreException down = assertThrows(BlobStoreException.class, () -> store.put(ascii("during")));
            assertTrue(down.getMessage().startsWith("looking for an existing s3://mail/outage/"), down.getMessage());
            assertThrows(BlobStoreException.class, () -> store.openStream(before, 0, 10));
            assertEquals(0, FileBlobStoreTest.countFiles(spool));

            server.start();
            StoredBlob during = store.put(ascii("during"));
            assertTrue(during.created());
            try (Stream<BlobId> ids = store.walk()) {
                assertEquals(List.of(before, during.id()).stream().sorted(java.util.Comparator.comparing(BlobId::hex)).toList(),
                        ids.sorted(java.util.Comparator.comparing(BlobId::hex)).toList());
            }
            try (InputStream in = store.openStream(before, 0, 6)) {
                assertArrayEquals("stored".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
            }
            assertTrue(Files.isDirectory(spool));

            // A blob this store has just put is still read from its spool while S3 is down.
            server.stop();
            try (InputStream in = store.openStream(during.id(), 0, 6)) {
                assertArrayEquals("during".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
            }
            assertThrows(BlobStoreException.class, () -> store.openStream(before, 0, 10));
            server.start();
        }
    }

    private static InputStream ascii(String text) {
        return new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }
}
