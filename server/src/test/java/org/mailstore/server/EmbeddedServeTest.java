package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with no db.url runs its own PostgreSQL in data/pg, kept across runs; commands run
 * meanwhile reach it through postmaster.pid; a second serve is refused; a postmaster orphaned by a
 * killed serve is stopped by the next one.
 */
class EmbeddedServeTest {
    @TempDir
    Path dir;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        for (String l : new String[] {"LMTP", "POP3", "POP3S", "IMAP", "IMAPS", "HTTP"}) env.put("MAILSTORE_" + l + "_LISTEN", "off");
        return env;
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private PostmasterPid postmaster() {
        return PostmasterPid.read(dataDir().resolve("pg")).orElseThrow(() -> new AssertionError("no postmaster.pid"));
    }

    private static Connection connect(EmbeddedDatabase pg) throws SQLException {
        return DriverManager.getConnection(pg.target().url(), pg.target().user(), pg.target().password());
    }

    /** Whether the process is gone within a few seconds (it may still be exiting when its pid file is gone). */
    private static boolean exits(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(50);
        }
        return true;
    }

    @Test
    void keepsDataAcrossRunsAndLetsCommandsAttach() throws Exception {
        long firstPostmaster;
        try (ServeProcess serve = ServeProcess.start(dir, env())) {
            assertTrue(serve.output().contains("database: embedded PostgreSQL in " + dataDir().resolve("pg")), serve.output());
            PostmasterPid pm = postmaster();
            firstPostmaster = pm.pid();
            assertTrue(pm.alive());

            try (EmbeddedDatabase attached = EmbeddedDatabase.attachOrStart(dataDir(), 0)) {
                assertFalse(attached.owned(), "a command must use serve's PostgreSQL, not start one");
                assertEquals("jdbc:postgresql://localhost:" + pm.port() + "/mailstore", attached.target().url());
                try (Connection c = connect(attached); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SHOW fsync")) {
                    rs.next();
                    assertEquals("on", rs.getString(1), "mail must survive a crash");
                }
            }
            Cli.Result add = new Cli(env(), dir).runWithInput("pw\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    java.util.Optional.empty(), "account", "add", "marker@example.org", "--password-stdin");
            assertEquals(0, add.code(), add.err());
            assertTrue(ProcessHandle.of(firstPostmaster).map(ProcessHandle::isAlive).orElse(false),
                    "a command that attached must not stop serve's PostgreSQL");

            Cli.Result second = new Cli(env(), dir).run("serve");
            assertEquals(1, second.code());
            assertEquals("mailstore serve: the embedded PostgreSQL in " + dataDir().resolve("pg")
                    + " is already run by another mailstore process (postmaster pid " + pm.pid() + ", port " + pm.port()
                    + "); only one 'mailstore serve' can use a data directory. Stop the other one, or wait for a running"
                    + " mailstore command to finish, then retry.", second.err().strip());

            assertEquals(0, serve.terminate(), serve.output());
            assertTrue(serve.output().contains("stopped"), serve.output());
        }
        assertFalse(Files.exists(dataDir().resolve("pg/postmaster.pid")), "PostgreSQL stopped with serve");
        assertTrue(exits(firstPostmaster), "PostgreSQL exits after removing its pid file");

        try (Cli.Serving again = new Cli(env(), dir).new Serving()) {
            Cli.Result list = new Cli(env(), dir).run("account", "list");
            assertEquals(0, list.code(), list.err());
            assertEquals("marker@example.org\n", list.out().replace("\r\n", "\n"), "the second run sees the first run's data");
            assertEquals(0, again.stop());
        }
    }

    @Test
    void commandWithoutServeRunsItsOwnPostgresAndStopsIt() throws Exception {
        try (EmbeddedDatabase own = EmbeddedDatabase.attachOrStart(dataDir(), 0)) {
            assertTrue(own.owned());
            assertTrue(postmaster().alive());
        }
        assertFalse(Files.exists(dataDir().resolve("pg/postmaster.pid")));

        Cli.Result list = new Cli(env(), dir).run("account", "list");
        assertEquals(0, list.code(), list.err());
        assertEquals("", list.out());
        assertFalse(Files.exists(dataDir().resolve("pg/postmaster.pid")), "the command stopped the PostgreSQL it started");
    }

    /** Starts serve and SIGKILLs it, which leaves its PostgreSQL running; returns the postmaster's pid. */
    private long orphanOfAKilledServe() throws Exception {
        try (ServeProcess serve = ServeProcess.start(dir, env())) {
            long orphan = postmaster().pid();
            serve.kill();
            return orphan;
        }
    }

    @Test
    void nextServeStopsAPostmasterOrphanedByAKilledServe() throws Exception {
        long orphan = orphanOfAKilledServe();
        assertTrue(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false), "SIGKILL leaves PostgreSQL running");
        try (Cli.Serving again = new Cli(env(), dir).new Serving()) {
            assertTrue(exits(orphan), "the orphan was stopped");
            assertTrue(postmaster().alive());
            assertEquals(0, again.stop());
        }
    }

    /**
     * A session of the dead process still busy in a statement kept a smart shutdown waiting until the next serve gave
     * up (found by the 20 x 10,000 crash torture: a GIN pending-list flush ran on for five minutes). Here the busy
     * session is one the test holds open in pg_sleep, which a smart shutdown would wait for indefinitely.
     */
    @Test
    void nextServeStopsAnOrphanWhoseSessionIsBusy() throws Exception {
        long orphan = orphanOfAKilledServe();
        Connection busy = DriverManager.getConnection(EmbeddedDatabase.jdbcUrl(postmaster().port(), EmbeddedDatabase.DATABASE),
                EmbeddedDatabase.SUPERUSER, "");
        Thread sleeper = Thread.ofVirtual().start(() -> {
            try (Statement st = busy.createStatement()) {
                st.execute("SELECT pg_sleep(600)");
            } catch (SQLException expected) {
                // the shutdown ends this session
            }
        });
        try (Cli.Serving again = new Cli(env(), dir).new Serving()) {
            assertTrue(exits(orphan), "the orphan was stopped");
            assertTrue(postmaster().alive());
            assertEquals(0, again.stop());
        } finally {
            busy.close();
            sleeper.join(10_000);
        }
    }
}
