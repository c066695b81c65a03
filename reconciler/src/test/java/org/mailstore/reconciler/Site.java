package org.mailstore.reconciler;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.mailstore.blobstore.BlobLocation;
import org.mailstore.blobstore.FileBlobLocation;
import org.mailstore.schema.testing.TestDatabase;
import org.mailstore.store.Account;
import org.mailstore.store.DeliveryOutcome;
import org.mailstore.store.Flags;
import org.mailstore.store.MailStore;
import org.mailstore.store.MailboxInfo;
import org.mailstore.store.MessageView;
import org.mailstore.store.Recipient;
import org.mailstore.store.maintenance.Progress;

/**
 * A mail site for end-to-end tests: a PostgreSQL database, a blob tree and a journal directory,
 * with a running store on top. Its three pieces can be snapshotted separately (the database by
 * {@code CREATE DATABASE … TEMPLATE}, which needs the store stopped: a quiet database is a
 * consistent snapshot; the blob tree and journal by copying), and a new site can be assembled
 * from pieces of different times, as an operator restoring from tape would.
 */
final class Site implements AutoCloseable {
    static final String PASSWORD = "secret";
    private static final AtomicInteger names = new AtomicInteger();

    final TestDatabase.Coordinates db;
    final Path root;
    final Path blobDir;
    final Path journalDir;
    private BlobLocation blobs;
    private HikariDataSource ds;
    private MailStore store;

    /** The pieces of a site at one moment. */
    record Pieces(TestDatabase.Coordinates db, Path blobDir, Path journalDir) {}

    private Site(TestDatabase.Coordinates db, Path root) throws IOException {
        this.db = db;
        this.root = root;
        this.blobDir = root.resolve("blobs");
        this.journalDir = root.resolve("journal");
        Files.createDirectories(blobDir);
        Files.createDirectories(journalDir);
        this.blobs = new FileBlobLocation(blobDir, 2);
    }

    /** A new site with an empty, migrated database, started. */
    static Site fresh(Path base) throws IOException {
        Site s = new Site(TestDatabase.fresh(), Files.createTempDirectory(base, "site"));
        s.start();
        return s;
    }

    /** A new site with its blobs at {@code blobs} (an S3 bucket) instead of the tree at {@link #blobDir}, started. */
    static Site fresh(Path base, BlobLocation blobs) throws IOException {
        Site s = new Site(TestDatabase.fresh(), Files.createTempDirectory(base, "site"));
        s.blobs = blobs;
        s.start();
        return s;
    }

    /** A started site made of copies of the given pieces; {@code db} null means a new, empty database (the database was lost). */
    static Site assemble(Path base, TestDatabase.Coordinates db, Path blobDir, Path journalDir) throws IOException {
        Site s = new Site(db == null ? TestDatabase.fresh() : copyDatabase(db), Files.createTempDirectory(base, "restored"));
        copyTree(blobDir, s.blobDir);
        copyTree(journalDir, s.journalDir);
        s.start();
        return s;
    }

    void start() throws IOException {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(db.url());
        cfg.setUsername(db.user());
        cfg.setPassword(db.password());
        cfg.setMaximumPoolSize(12);
        ds = new HikariDataSource(cfg);
        store = MailStore.open(ds, blobs, journalDir, "site");
    }

    void stop() throws IOException {
        store.close();
        ds.close();
        store = null;
        ds = null;
    }

    /** Stops, copies the three pieces, starts again. */
    Pieces snapshot(Path base) throws IOException {
        stop();
        Path dir = Files.createTempDirectory(base, "snapshot");
        Pieces p = new Pieces(copyDatabase(db), dir.resolve("blobs"), dir.resolve("journal"));
        copyTree(blobDir, p.blobDir());
        copyTree(journalDir, p.journalDir());
        start();
        return p;
    }

    MailStore store() {
        return store;
    }

    HikariDataSource dataSource() {
        return ds;
    }

    MaintenanceSetup setup() {
        return new MaintenanceSetup(ds, blobDir, 2, journalDir, "site", root, 1 << 16).withBlobs(blobs);
    }

    ReconcileResult reconcile(ReconcileOptions options) throws IOException {
        return new Reconciler(setup()).run(options, Progress.NONE);
    }

    Account account(String address) {
        return store.accounts().create(address, PASSWORD.toCharArray());
    }

    Account get(String address) {
        return store.accounts().get(address);
    }

    DeliveryOutcome deliverInto(String message, String address, String mailbox) {
        List<DeliveryOutcome> out = store.delivery().deliver(bytes(message), List.of(new Recipient(address, mailbox)),
                Instant.parse("2026-11-25T10:00:00Z"));
        if (!out.getFirst().delivered()) throw out.getFirst().failure();
        return out.getFirst();
    }

    List<DeliveryOutcome> deliver(String message, String... addresses) {
        List<Recipient> to = Stream.of(addresses).map(Recipient::new).toList();
        List<DeliveryOutcome> out = store.delivery().deliver(bytes(message), to, Instant.parse("2026-11-25T10:00:00Z"));
        out.forEach(o -> {
            if (!o.delivered()) throw o.failure();
        });
        return out;
    }

    MailboxInfo mailbox(String address, String name) {
        return store.mailboxes().find(get(address), name).orElseThrow(() -> new AssertionError("no mailbox " + name + " of " + address));
    }

    List<MessageView> messages(String address, String mailbox) {
        return store.messages().list(get(address), mailbox(address, mailbox).id());
    }

    void flag(String address, String mailbox, long uid, String flag) {
        store.messages().storeFlags(get(address), mailbox(address, mailbox).id(), List.of(uid),
                org.mailstore.store.Messages.FlagMode.ADD, Flags.of(List.of(flag)));
    }

    void expunge(String address, String mailbox, long uid) {
        store.messages().remove(get(address), mailbox(address, mailbox).id(), List.of(uid));
    }

    /** Everything a client could see, as text: accounts, mailboxes with their counters, messages with flags. */
    String fingerprint() {
        StringBuilder b = new StringBuilder();
        for (Account a : store.accounts().list()) {
            b.append(a.address()).append(a.disabled() ? " disabled" : "").append('\n');
            for (MailboxInfo m : store.mailboxes().list(a)) {
                b.append("  ").append(m).append('\n');
                for (MessageView v : store.messages().list(a, m.id())) b.append("    ").append(v).append('\n');
            }
        }
        return b.toString();
    }

    static String message(String subject, String body) {
        return "From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: " + subject
                + "\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\nMessage-ID: <" + subject.replace(' ', '.') + "@example.org>\r\n\r\n"
                + body + "\r\n";
    }

    static List<String> segments(Path journalDir) throws IOException {
        try (Stream<Path> s = Files.list(journalDir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public void close() throws IOException {
        if (store != null) stop();
        dropDatabase(db);
        deleteTree(root);
    }

    private static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static TestDatabase.Coordinates copyDatabase(TestDatabase.Coordinates from) {
        String name = from.name() + "_c" + names.incrementAndGet();
        String url = from.url().replace("/" + from.name(), "/" + name);
        admin(from, "CREATE DATABASE " + name + " TEMPLATE " + from.name());
        return new TestDatabase.Coordinates(url, from.user(), from.password(), name);
    }

    static void dropDatabase(TestDatabase.Coordinates db) {
        admin(db, "DROP DATABASE IF EXISTS " + db.name() + " WITH (FORCE)");
    }

    private static void admin(TestDatabase.Coordinates any, String sql) {
        String url = any.url().replace("/" + any.name(), "/postgres");
        try (Connection c = DriverManager.getConnection(url, any.user(), any.password()); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> all = new ArrayList<>(s.toList());
            all.sort(Comparator.reverseOrder());
            for (Path p : all) Files.deleteIfExists(p);
        }
    }
}
