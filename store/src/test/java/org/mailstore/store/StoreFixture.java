package org.mailstore.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mailstore.blobstore.FileBlobStore;
import org.mailstore.schema.testing.TestDatabase;

/**
 * A mail store on a fresh, migrated PostgreSQL database with its own blob tree and journal under
 * a temporary directory, open from construction. Used as a JUnit extension, one per test class:
 * {@code @RegisterExtension static final StoreFixture f = new StoreFixture();} closes it after the
 * class's last test; or in try-with-resources. Shared with other modules through the store test-jar.
 */
public final class StoreFixture implements AutoCloseable, AfterAllCallback {
    public TestDatabase.Coordinates db;
    public HikariDataSource dataSource;
    public Path root;
    public Path blobDir;
    public Path journalDir;
    public MailStore store;

    public StoreFixture() {
        try {
            start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
    }

    private void start() throws IOException {
        db = TestDatabase.fresh();
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(db.url());
        cfg.setUsername(db.user());
        cfg.setPassword(db.password());
        cfg.setMaximumPoolSize(12);
        dataSource = new HikariDataSource(cfg);
        root = Files.createTempDirectory("mailstore-store-test");
        blobDir = root.resolve("blobs");
        journalDir = root.resolve("journal");
        store = MailStore.open(dataSource, blobDir, 2, journalDir, "test");
    }

    public Account account(String address) {
        return store.accounts().create(address, "secret".toCharArray());
    }

    public MailboxInfo mailbox(Account a, String name) {
        return store.mailboxes().find(a, name).orElseThrow();
    }

    public AppendResult append(Account a, String mailbox, String message) {
        return store.messages().append(a, mailbox, bytes(message), Flags.NONE, Instant.parse("2026-11-25T10:00:00Z"));
    }

    /** A new account whose INBOX holds {@code n} appended messages, subjects "{@code address} 1" to "{@code address} n". */
    public Account withMessages(String address, int n) {
        Account a = account(address);
        for (int i = 1; i <= n; i++) append(a, "INBOX", message(address + " " + i, "body " + i));
        return a;
    }

    /**
     * A new account whose INBOX holds four messages for header searches: UID 1 "Quarterly Report", 2 the same
     * subject folded over two lines, 3 the same as an encoded-word (no search text), 4 "Lunch".
     */
    public Account withSearchSamples(String address) {
        Account a = account(address);
        append(a, "INBOX", message("Quarterly Report", "1"));
        append(a, "INBOX", "Subject: quarterly\r\n report\r\n\r\nfolded\r\n");
        append(a, "INBOX", "Subject: =?utf-8?q?Quarterly_report?=\r\n\r\nencoded\r\n");
        append(a, "INBOX", message("Lunch", "4"));
        return a;
    }

    public List<DeliveryOutcome> deliver(String message, Recipient... recipients) {
        return store.delivery().deliver(bytes(message), List.of(recipients), Instant.parse("2026-11-25T10:00:00Z"));
    }

    public static String message(String subject, String body) {
        return "From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: " + subject
                + "\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\nMessage-ID: <" + subject.hashCode() + "@example.org>\r\n\r\n" + body + "\r\n";
    }

    /**
     * Writes the search text of every queued blob, as serve's background indexer would (delivery and APPEND only
     * queue it, schema V10); returns how many blobs were indexed.
     */
    public int indexSearchText() {
        try (FileBlobStore blobs = new FileBlobStore(blobDir, 2)) {
            SearchTextIndexer indexer = new SearchTextIndexer(dataSource, blobs);
            int indexed = 0;
            for (SearchTextIndexer.Batch b = indexer.runBatch(); b.taken() > 0; b = indexer.runBatch()) indexed += b.indexed();
            return indexed;
        }
    }

    public long blobFiles() throws IOException {
        try (var s = Files.walk(blobDir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.startsWith(blobDir.resolve("tmp"))).count();
        }
    }

    private static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        store.close();
        dataSource.close();
        try (var s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
