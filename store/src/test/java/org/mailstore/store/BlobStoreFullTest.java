package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayInputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.blobstore.FileBlobStore;
import org.mailstore.blobstore.StoredBlob;
import org.mailstore.blobstore.testing.BreakingInputStream;
import org.mailstore.schema.testing.TestDatabase;

/**
 * Issue 12, "blob storage full", with the failure injected: a blob store that reads part of the message and then
 * fails as a full disk does. Delivery and APPEND fail with the temporary BLOB_STORE_FAILURE (LMTP 452 4.3.1, IMAP
 * NO [UNAVAILABLE]), no row, journal record or quota charge is left, and once space returns the same message is
 * stored normally. The real full filesystem is {@code BlobStorageFullTest} in the server module.
 */
class BlobStoreFullTest {
    private static final Instant DATE = Instant.parse("2026-11-26T03:00:00Z");
    private static final int BYTES_BEFORE_FULL = 100;

    @TempDir
    Path dir;

    private HikariDataSource dataSource;
    private FillingBlobStore blobs;
    private MailStore store;

    @BeforeEach
    void open() throws IOException {
        TestDatabase.Coordinates db = TestDatabase.fresh();
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(db.url());
        cfg.setUsername(db.user());
        cfg.setPassword(db.password());
        cfg.setMaximumPoolSize(4);
        dataSource = new HikariDataSource(cfg);
        blobs = new FillingBlobStore(new FileBlobStore(dir.resolve("blobs"), 2));
        store = MailStore.open(dataSource, blobs, dir.resolve("journal"), "full");
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        dataSource.close();
    }

    @Test
    void deliveryOnAFullDiskFailsTemporarilyLeavesNothingAndSucceedsOnceSpaceReturns() throws Exception {
        Account a = store.accounts().create("full@example.org", "pw".toCharArray());
        String message = StoreFixture.message("disk full", "x".repeat(10_000));
        blobs.full = true;

        // The blob serves every recipient, so its failure fails the whole delivery rather than one outcome.
        StoreException failure = assertThrows(StoreException.class,
                () -> store.delivery().deliver(bytes(message), List.of(new Recipient(a.address())), DATE));
        assertEquals(StoreException.Reason.BLOB_STORE_FAILURE, failure.reason());
        assertTrue(failure.reason().temporary(), "the MTA must retry: 4xx, not 5xx");
        assertNothingStored(a);

        blobs.full = false;
        List<DeliveryOutcome> delivered = store.delivery().deliver(bytes(message), List.of(new Recipient(a.address())), DATE);
        assertTrue(delivered.getFirst().delivered(), String.valueOf(delivered.getFirst().failure()));
        assertEquals(1, delivered.getFirst().uid(), "the refused delivery used no UID");
        assertEquals(1, rows("select count(*) from messages"));
        assertEquals(message.length(), store.accounts().quota(a).storageUsed());
    }

    @Test
    void appendOnAFullDiskFailsTemporarilyLeavesNothingAndSucceedsOnceSpaceReturns() throws Exception {
        Account a = store.accounts().create("append@example.org", "pw".toCharArray());
        String message = StoreFixture.message("append on full disk", "y".repeat(10_000));
        blobs.full = true;

        StoreException failure = assertThrows(StoreException.class,
                () -> store.messages().append(a, "INBOX", bytes(message), Flags.NONE, DATE));
        assertEquals(StoreException.Reason.BLOB_STORE_FAILURE, failure.reason());
        assertNothingStored(a);

        blobs.full = false;
        AppendResult appended = store.messages().append(a, "INBOX", bytes(message), Flags.NONE, DATE);
        assertEquals(1, appended.uid());
    }

    private void assertNothingStored(Account a) throws Exception {
        assertEquals(0, rows("select count(*) from messages"), "no row without a blob");
        assertEquals(0, rows("select count(*) from blobs"), "no blob row");
        assertEquals(0, store.accounts().quota(a).storageUsed(), "no quota charged");
        try (Stream<BlobId> stored = blobs.walk()) {
            assertEquals(0, stored.count(), "no partial blob under a final name");
        }
        try (Stream<Path> temp = Files.list(dir.resolve("blobs").resolve(FileBlobStore.TEMP_DIRECTORY))) {
            assertEquals(List.of(), temp.toList(), "the partial temp file removed");
        }
    }

    private long rows(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static InputStream bytes(String message) {
        return new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A real blob store whose disk fills up on demand: while {@code full}, a put hands the real store a stream that
     * fails after {@link #BYTES_BEFORE_FULL} bytes with the error the kernel gives, so the real store has a partial
     * temp file to clean up, as on a full disk.
     */
    private static final class FillingBlobStore implements BlobStore {
        private final BlobStore delegate;
        volatile boolean full;

        FillingBlobStore(BlobStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public StoredBlob put(InputStream in) throws IOException {
            return delegate.put(full ? new BreakingInputStream(in, BYTES_BEFORE_FULL, new IOException("No space left on device")) : in);
        }

        @Override
        public SeekableByteChannel open(BlobId id) throws IOException {
            return delegate.open(id);
        }

        @Override
        public InputStream openStream(BlobId id, long offset, long length) throws IOException {
            return delegate.openStream(id, offset, length);
        }

        @Override
        public boolean exists(BlobId id) throws IOException {
            return delegate.exists(id);
        }

        @Override
        public void delete(BlobId id) throws IOException {
            delegate.delete(id);
        }

        @Override
        public Stream<BlobId> walk() throws IOException {
            return delegate.walk();
        }

        @Override
        public boolean verify(BlobId id) throws IOException {
            return delegate.verify(id);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
