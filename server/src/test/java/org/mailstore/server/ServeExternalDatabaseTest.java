package org.mailstore.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailstore.schema.testing.TestDatabase;

/** {@code serve} against a PostgreSQL given by MAILSTORE_DB_URL: migrates, runs, stops cleanly. */
class ServeExternalDatabaseTest {
    @TempDir
    Path dir;

    static Map<String, String> env(TestDatabase.Coordinates db, Path dataDir) {
        Map<String, String> env = new HashMap<>();
        env.put("MAILSTORE_DB_URL", db.url());
        env.put("MAILSTORE_DB_USER", db.user());
        env.put("MAILSTORE_DB_PASSWORD", db.password());
        env.put("MAILSTORE_DATA_DIR", dataDir.toString());
        for (String l : new String[] {"LMTP", "POP3", "POP3S", "IMAP", "IMAPS", "HTTP"}) env.put("MAILSTORE_" + l + "_LISTEN", "off");
        return env;
    }

    private static int otherSessions(TestDatabase.Coordinates db) throws SQLException {
        try (Connection c = db.connect();
             PreparedStatement st = c.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            st.setString(1, db.name());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** PostgreSQL ends a backend shortly after its client closed the socket, not at once. */
    private static int sessionsAfterClose(TestDatabase.Coordinates db) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        int n;
        while ((n = otherSessions(db)) > 0 && System.nanoTime() < deadline) Thread.sleep(50);
        return n;
    }

    @Test
    void servesMigratesAndStopsCleanly() throws Exception {
        TestDatabase.Coordinates db = TestDatabase.freshEmpty();
        Cli cli = new Cli(env(db, dir.resolve("data")), dir);
        try (Cli.Serving serve = cli.new Serving()) {
            assertEquals("1", SchemaMigratorTest.appliedVersions(db).getFirst());
            assertTrue(otherSessions(db) >= 1, "the pool holds a connection while serving");
            assertEquals(0, serve.stop());
        }
        assertEquals(0, sessionsAfterClose(db), "the pool is closed after serve stops");
        assertFalse(Files.exists(dir.resolve("data/pg")), "no embedded PostgreSQL with db.url set");
    }

    @Test
    void unreachableDatabaseFailsWithExitOneNamingTheUrl() {
        Map<String, String> env = env(TestDatabase.freshEmpty(), dir);
        env.put("MAILSTORE_DB_URL", "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2");
        env.put("MAILSTORE_DB_PASSWORD", "secret-never-printed");
        Cli.Result r = new Cli(env, dir).run("serve");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("mailstore serve: cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=2: "),
                r.err());
        assertFalse(r.err().contains("secret-never-printed"));
    }
}
