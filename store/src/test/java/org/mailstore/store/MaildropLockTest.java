package org.mailstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MaildropLockTest {
    private static StoreFixture f;
    /** A second server instance on the same database: its own pool, blob store and journal. */
    private static HikariDataSource otherPool;
    private static MailStore other;

    @BeforeAll
    static void start() throws Exception {
        f = new StoreFixture();
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(f.db.url());
        cfg.setUsername(f.db.user());
        cfg.setPassword(f.db.password());
        cfg.setMaximumPoolSize(2);
        otherPool = new HikariDataSource(cfg);
        Path root = Files.createTempDirectory(f.root, "other");
        other = MailStore.open(otherPool, f.blobDir, 2, root.resolve("journal"), "other");
    }

    @AfterAll
    static void stop() throws Exception {
        other.close();
        otherPool.close();
        f.close();
    }

    @Test
    void aSecondLockOnTheSameAccountFailsOnAnyInstanceUntilTheFirstIsClosed() {
        Account a = f.account("locked@example.org");
        Account b = f.account("free@example.org");
        MaildropLock first = f.store.maildropLocks().tryAcquire(a).orElseThrow();
        try {
            assertEquals(Optional.empty(), f.store.maildropLocks().tryAcquire(a));
            assertEquals(Optional.empty(), other.maildropLocks().tryAcquire(a));
            try (MaildropLock unrelated = other.maildropLocks().tryAcquire(b).orElseThrow()) {
                assertTrue(unrelated.held());
            }
            assertTrue(first.held());
        } finally {
            first.close();
        }
        try (MaildropLock again = other.maildropLocks().tryAcquire(a).orElseThrow()) {
            assertEquals(a.id(), again.accountId());
        }
    }

    @Test
    void aLockHoldsNoPooledConnection() {
        Account a = f.account("pool@example.org");
        try (MaildropLock lock = other.maildropLocks().tryAcquire(a).orElseThrow();
             MaildropLock lock2 = other.maildropLocks().tryAcquire(f.account("pool2@example.org")).orElseThrow()) {
            assertEquals(0, otherPool.getHikariPoolMXBean().getActiveConnections());
            // The two-connection pool still serves transactions while two locks are held.
            assertEquals("pool@example.org", other.accounts().get("pool@example.org").address());
            assertEquals(2, backendsNamed(MaildropLocks.APPLICATION_NAME));
        }
    }

    @Test
    void aLockWhoseConnectionDiedIsNoLongerHeldAndIsFreeAgain() throws Exception {
        Account a = f.account("killed@example.org");
        MaildropLock lock = f.store.maildropLocks().tryAcquire(a).orElseThrow();
        try (Connection c = f.db.connect(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = " + a.id()
                    + " AND classid = " + (MaildropLocks.KEY_NAMESPACE >>> 32));
        }
        assertFalse(lock.held());
        lock.close();
        try (MaildropLock again = f.store.maildropLocks().tryAcquire(a).orElseThrow()) {
            assertTrue(again.held());
        }
    }

    @Test
    void keysStayInTheirNamespace() {
        assertEquals(0x5033_0000_0000_0001L, MaildropLocks.key(1));
        assertThrows(IllegalArgumentException.class, () -> MaildropLocks.key(1L << 48));
        assertThrows(IllegalArgumentException.class, () -> MaildropLocks.key(0));
    }

    private static int backendsNamed(String applicationName) {
        try (Connection c = f.db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + applicationName
                     + "' AND datname = current_database()")) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
