package org.mailstore.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mailstore.blobstore.BlobId;
import org.mailstore.blobstore.BlobStore;
import org.mailstore.blobstore.FileBlobStore;
import org.mailstore.reconciler.JsonString;

/**
 * What {@code /health} answers: whether PostgreSQL runs a {@code SELECT 1} and the blob tree takes
 * a small write and gives it back, each within {@link #TIMEOUT}.
 *
 * <p>The database is asked on a connection of its own, not the pool's: a busy pool is not a dead
 * database, and a pool waiting on a dead one would hold the answer for its 30 s connection timeout.
 * The blob tree is probed with a file in its {@code tmp/} directory (where puts write their temp
 * files), never by listing or stat-ing the tree (invariant 3); a read-only or full filesystem fails
 * the probe as it would fail a delivery. With the bodies in a bucket the tree is still probed (puts spool
 * there) and then the bucket is asked for one object that never exists: the same HEAD every put makes first,
 * answered 404 by a reachable bucket with working credentials, and never a listing. One check runs at a time:
 * callers arriving meanwhile share its answer, so a hung NFS mount or endpoint cannot pile up threads behind a scraper.
 */
final class HealthCheck {
    /** The longest a check may take before it counts as down. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** Connect, login and statement timeouts of the check's own connection. */
    static final int DATABASE_TIMEOUT_SECONDS = 2;
    static final String PROBE_PREFIX = "health-";
    private static final byte[] PROBE = "mailstore health probe\n".getBytes(StandardCharsets.US_ASCII);
    /** The key the bucket probe asks for: no message hashes to all zeros. */
    static final BlobId ABSENT = BlobId.of(new byte[BlobId.LENGTH]);
    /** Longer exception texts are cut: they go into a response body and a log line. */
    static final int MAX_REASON_CHARS = 200;

    /** One part's state: {@code reason} is null when it is up. */
    record Part(String reason) {
        static final Part UP = new Part(null);

        boolean up() {
            return reason == null;
        }
    }

    record Result(Part database, Part blobs) {
        boolean up() {
            return database.up() && blobs.up();
        }

        /** The response body: {@code {"status":"up","database":"up","blobs":"up"}}, or "down" with a reason per failing part. */
        String json() {
            return "{\"status\":" + word(up()) + ",\"database\":" + part(database) + ",\"blobs\":" + part(blobs) + "}";
        }

        private static String word(boolean up) {
            return up ? "\"up\"" : "\"down\"";
        }

        private static String part(Part p) {
            return p.up() ? word(true) : "{\"status\":\"down\",\"reason\":" + JsonString.quote(p.reason()) + "}";
        }
    }

    private final JdbcTarget database;
    private final Path probe;
    private final Optional<BlobStore> bucket;
    private CompletableFuture<Part> databaseCheck;
    private CompletableFuture<Part> blobCheck;

    /** With {@code bucket} present the blobs live there and {@code blobDir} holds only the spool. */
    HealthCheck(JdbcTarget database, Path blobDir, String instanceId, Optional<BlobStore> bucket) {
        this.database = database;
        this.probe = blobDir.resolve(FileBlobStore.TEMP_DIRECTORY).resolve(PROBE_PREFIX + instanceId);
        this.bucket = bucket;
    }

    Result check() throws InterruptedException {
        CompletableFuture<Part> db;
        CompletableFuture<Part> blob;
        synchronized (this) {
            db = databaseCheck = fresh(databaseCheck, this::database);
            blob = blobCheck = fresh(blobCheck, this::blobs);
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        return new Result(await(db, deadline), await(blob, deadline));
    }

    /** The check still running, if one is, else a new one on a virtual thread. */
    private static CompletableFuture<Part> fresh(CompletableFuture<Part> previous, java.util.function.Supplier<Part> check) {
        if (previous != null && !previous.isDone()) return previous;
        CompletableFuture<Part> f = new CompletableFuture<>();
        Thread.ofVirtual().name("health-check").start(() -> {
            try {
                f.complete(check.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private static Part await(CompletableFuture<Part> f, long deadlineNanos) throws InterruptedException {
        try {
            return f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return new Part("no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            return new Part(reason(e.getCause()));
        }
    }

    private Part database() {
        Properties p = new Properties();
        if (!database.user().isEmpty()) p.setProperty("user", database.user());
        if (!database.password().isEmpty()) p.setProperty("password", database.password());
        p.setProperty("connectTimeout", Integer.toString(DATABASE_TIMEOUT_SECONDS));
        p.setProperty("loginTimeout", Integer.toString(DATABASE_TIMEOUT_SECONDS));
        p.setProperty("socketTimeout", Integer.toString(DATABASE_TIMEOUT_SECONDS));
        p.setProperty("ApplicationName", "mailstore health");
        try (Connection c = DriverManager.getConnection(database.url(), p); Statement st = c.createStatement()) {
            st.setQueryTimeout(DATABASE_TIMEOUT_SECONDS);
            try (ResultSet rs = st.executeQuery("SELECT 1")) {
                return rs.next() && rs.getInt(1) == 1 ? Part.UP : new Part("SELECT 1 gave no 1");
            }
        } catch (SQLException e) {
            return new Part(reason(e));
        }
    }

    private Part blobs() {
        try {
            Files.write(probe, PROBE);
            byte[] back = Files.readAllBytes(probe);
            Files.delete(probe);
            if (!Arrays.equals(back, PROBE)) return new Part("probe file " + probe + " read back different bytes");
            if (bucket.isPresent()) bucket.get().exists(ABSENT);
            return Part.UP;
        } catch (IOException | RuntimeException e) {
            return new Part(reason(e));
        }
    }

    private static String reason(Throwable e) {
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS) + "…";
    }
}
