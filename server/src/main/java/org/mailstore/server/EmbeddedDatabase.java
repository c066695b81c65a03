package org.mailstore.server;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL mailstore runs itself when no {@code db.url} is configured: zonky's
 * EmbeddedPostgres with its cluster kept in {@code <data.dir>/pg} across runs, its server log in
 * {@code <data.dir>/postgresql.log} and its binaries unpacked into {@code <data.dir>/pg-bin}
 * (not /tmp, where a cleaner could take them away between runs).
 *
 * <p>Only one process can run a cluster. {@code serve} {@link #start starts} it and owns it; a CLI
 * command run meanwhile {@link #attachOrStart attaches} to it through the port in PostgreSQL's own
 * {@code postmaster.pid}, and starts a private one only when none runs. A postmaster left running
 * by a mailstore process that died (its zonky lock file is free) is stopped by the next {@code serve}.
 * Checks and starts are serialized by {@code <data.dir>/pg.lock} across processes.
 *
 * <p>When mailstore runs as root, zonky runs PostgreSQL in a user namespace where it is "nobody",
 * because PostgreSQL refuses to run as root; the files in {@code data/pg} still belong to root.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    /** The database mailstore uses inside the embedded cluster. */
    public static final String DATABASE = "mailstore";
    /** Superuser made by initdb; local connections are trusted (the cluster listens on loopback only). */
    public static final String SUPERUSER = "postgres";
    public static final String LOG_FILE = "postgresql.log";
    public static final String BINARIES_DIR = "pg-bin";
    static final String START_LOCK_FILE = "pg.lock";
    /** The lock file zonky holds in the cluster directory for as long as its process runs PostgreSQL. */
    static final String OWNER_LOCK_FILE = "epg-lock";
    static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(60);
    static final Duration READY_WAIT = Duration.ofSeconds(30);
    private static final long READY_POLL_MILLIS = 100;

    /** Clusters this JVM runs: probing their lock files from here would release zonky's lock. */
    private static final Set<Path> RUNNING_HERE = ConcurrentHashMap.newKeySet();
    private static final Object START_MONITOR = new Object();

    private final EmbeddedPostgres postgres;
    private final Path pgDir;
    private final JdbcTarget target;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path pgDir, int port) {
        this.postgres = postgres;
        this.pgDir = pgDir;
        this.target = new JdbcTarget(jdbcUrl(port, DATABASE), SUPERUSER, "");
    }

    /**
     * Starts the cluster in {@code <dataDir>/pg} for this process (for {@code serve}).
     *
     * @param port TCP port on loopback, 0 for a free one
     * @throws DataDirectoryInUseException when another live mailstore process runs it
     */
    public static EmbeddedDatabase start(Path dataDir, int port) {
        return underStartLock(dataDir, () -> {
            Path pgDir = dataDir.resolve(MailstoreConfig.EMBEDDED_PG_SUBDIR);
            Optional<PostmasterPid> running = PostmasterPid.read(pgDir).filter(PostmasterPid::alive);
            if (running.isPresent()) {
                PostmasterPid pm = running.get();
                if (hasLiveOwner(pgDir)) throw new DataDirectoryInUseException(pgDir, pm);
                stopOrphan(pgDir, pm);
            }
            return startOwned(dataDir, pgDir, port);
        });
    }

    /**
     * Connects to the cluster a running {@code serve} (or any live postmaster) has on
     * {@code <dataDir>/pg}; starts a private one, stopped again on {@link #close}, when none runs.
     */
    public static EmbeddedDatabase attachOrStart(Path dataDir, int port) {
        return underStartLock(dataDir, () -> {
            Path pgDir = dataDir.resolve(MailstoreConfig.EMBEDDED_PG_SUBDIR);
            Optional<PostmasterPid> running = PostmasterPid.read(pgDir).filter(PostmasterPid::alive);
            if (running.isEmpty()) return startOwned(dataDir, pgDir, port);
            PostmasterPid pm = awaitReady(pgDir, running.get());
            log.info("using the PostgreSQL already running on {} (pid {}, port {})", pgDir, pm.pid(), pm.port());
            ensureDatabase(pm.port());
            return new EmbeddedDatabase(null, pgDir, pm.port());
        });
    }

    public JdbcTarget target() {
        return target;
    }

    public Path pgDir() {
        return pgDir;
    }

    /** Whether this process started the cluster (and stops it on close). */
    public boolean owned() {
        return postgres != null;
    }

    @Override
    public void close() throws IOException {
        if (postgres == null) return;
        try {
            postgres.close();
            log.info("embedded PostgreSQL on {} stopped", pgDir);
        } finally {
            RUNNING_HERE.remove(pgDir.toAbsolutePath());
        }
    }

    private interface Starter {
        EmbeddedDatabase start() throws IOException;
    }

    @SuppressWarnings("try") // the lock is held by being open
    private static EmbeddedDatabase underStartLock(Path dataDir, Starter starter) {
        synchronized (START_MONITOR) {
            try {
                Files.createDirectories(dataDir);
                try (FileChannel ch = FileChannel.open(dataDir.resolve(START_LOCK_FILE),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock ignored = ch.lock()) {
                    return starter.start();
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the embedded PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
            }
        }
    }

    private static EmbeddedDatabase startOwned(Path dataDir, Path pgDir, int port) throws IOException {
        Path logFile = dataDir.resolve(LOG_FILE);
        boolean fresh = !Files.exists(pgDir.resolve("PG_VERSION"));
        log.info("{} embedded PostgreSQL in {} (log: {})", fresh ? "initializing" : "starting", pgDir, logFile);
        // A resolver object of our own keeps zonky's per-JVM binary cache from handing us another data dir's binaries.
        PgBinaryResolver binaries = DefaultPostgresBinaryResolver.INSTANCE::getPgBinary;
        EmbeddedPostgres pg;
        try {
            pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgDir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(dataDir.resolve(BINARIES_DIR).toFile())
                    .setPgBinaryResolver(binaries)
                    .setPort(port)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    // zonky passes -F (fsync off) and synchronous_commit=off; mail must survive a crash.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL in " + pgDir + ": " + e.getMessage()
                    + "; see " + logFile, e);
        }
        RUNNING_HERE.add(pgDir.toAbsolutePath());
        EmbeddedDatabase db = new EmbeddedDatabase(pg, pgDir, pg.getPort());
        try {
            ensureDatabase(pg.getPort());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        log.info("embedded PostgreSQL running on {} port {}", pgDir, pg.getPort());
        return db;
    }

    /** Whether a live process holds zonky's lock on the cluster, as opposed to a postmaster orphaned by a crash. */
    private static boolean hasLiveOwner(Path pgDir) throws IOException {
        if (RUNNING_HERE.contains(pgDir.toAbsolutePath())) return true;
        Path lockFile = pgDir.resolve(OWNER_LOCK_FILE);
        if (!Files.exists(lockFile)) return false;
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = ch.tryLock();
            if (lock == null) return true;
            lock.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    /**
     * Fast shutdown (SIGINT), not smart (SIGTERM): a smart shutdown waits for every session to end, and a backend of
     * the dead process busy in a long statement (a GIN pending-list flush took minutes under load) only notices its
     * client is gone when the statement ends. Fast shutdown rolls such sessions back, as the crash already implied;
     * if even that does not finish in time, immediate shutdown (SIGQUIT) leaves the cluster to crash recovery at start.
     */
    private static void stopOrphan(Path pgDir, PostmasterPid pm) {
        log.warn("stopping the PostgreSQL (pid {}) left running on {} by a mailstore process that exited without stopping it",
                pm.pid(), pgDir);
        ProcessHandle handle = ProcessHandle.of(pm.pid()).orElse(null);
        if (handle == null) return;
        if (signalAndWait(handle, "INT", ORPHAN_STOP_WAIT)) return;
        log.warn("the PostgreSQL (pid {}) on {} did not finish a fast shutdown within {} s; shutting it down immediately "
                + "(it recovers from its WAL at the next start)", pm.pid(), pgDir, ORPHAN_STOP_WAIT.toSeconds());
        if (signalAndWait(handle, "QUIT", ORPHAN_STOP_WAIT)) return;
        throw new IllegalStateException("the PostgreSQL (pid " + pm.pid() + ") left running on " + pgDir
                + " did not stop within " + 2 * ORPHAN_STOP_WAIT.toSeconds() + " s; stop it (kill " + pm.pid() + ") and retry");
    }

    /** Sends the signal with kill(1): the JDK can send only SIGTERM and SIGKILL. True when the process exited in time. */
    private static boolean signalAndWait(ProcessHandle handle, String signal, Duration wait) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(handle.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(10, TimeUnit.SECONDS);
            handle.onExit().get(wait.toSeconds(), TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (IOException | ExecutionException e) {
            throw new IllegalStateException("stopping PostgreSQL pid " + handle.pid() + " with SIG" + signal + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL pid " + handle.pid(), e);
        }
    }

    /** A postmaster that has just been started may not accept connections yet. */
    private static PostmasterPid awaitReady(Path pgDir, PostmasterPid pm) {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        PostmasterPid current = pm;
        while (!current.ready()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the PostgreSQL on " + pgDir + " (pid " + pm.pid() + ") did not become ready within "
                        + READY_WAIT.toSeconds() + " s (status '" + current.status() + "')");
            }
            sleep(READY_POLL_MILLIS);
            current = PostmasterPid.read(pgDir).filter(PostmasterPid::alive).orElseThrow(() -> new IllegalStateException(
                    "the PostgreSQL on " + pgDir + " (pid " + pm.pid() + ") stopped while we were connecting to it"));
        }
        return current;
    }

    private static void ensureDatabase(int port) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(port, "postgres"), SUPERUSER, "");
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) return;
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + DATABASE);
            }
            log.info("created database {} in the embedded PostgreSQL", DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare database " + DATABASE + " in the embedded PostgreSQL on port "
                    + port + ": " + e.getMessage(), e);
        }
    }

    static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }
}
