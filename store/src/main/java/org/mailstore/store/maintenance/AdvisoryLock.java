package org.mailstore.store.maintenance;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL session advisory lock on a connection of its own, held until {@link #close}: the one piece under the
 * maintenance lock (reconcile, gc, backup) and the server's serving lock. PostgreSQL drops the lock with the session,
 * so a killed process leaves nothing behind; the lock is never waited for, so a second run is refused at once.
 */
public final class AdvisoryLock implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdvisoryLock.class);

    /** Shared holders exclude only an exclusive one; an exclusive holder excludes everyone. */
    public enum Mode {
        SHARED("pg_try_advisory_lock_shared"),
        EXCLUSIVE("pg_try_advisory_lock");

        private final String function;

        Mode(String function) {
            this.function = function;
        }
    }

    private final Connection connection;
    private final String name;

    private AdvisoryLock(Connection connection, String name) {
        this.connection = connection;
        this.name = name;
    }

    /**
     * Takes lock {@code key} in {@code mode} without waiting.
     *
     * @param name what the lock is, for log lines and the failure message ("serving lock")
     * @return the held lock, or empty when another session holds it in a conflicting mode
     * @throws IllegalStateException when the database cannot be asked
     */
    public static Optional<AdvisoryLock> tryAcquire(DataSource ds, long key, Mode mode, String name) {
        Connection c = null;
        try {
            c = ds.getConnection();
            Boolean got = DSL.using(c, SQLDialect.POSTGRES).select(DSL.field(mode.function + "({0})", Boolean.class, DSL.val(key)))
                    .fetchOne(0, Boolean.class);
            if (!Boolean.TRUE.equals(got)) {
                closeQuietly(c, name);
                return Optional.empty();
            }
            log.debug("holding the {} ({})", name, mode);
            return Optional.of(new AdvisoryLock(c, name));
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c, name);
            throw new IllegalStateException("cannot take the " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // Unlocking every lock of the session covers both modes and returns nothing to a pool in a locked state.
        try {
            DSL.using(connection, SQLDialect.POSTGRES).select(DSL.field("pg_advisory_unlock_all()")).fetch();
        } catch (RuntimeException e) {
            log.debug("releasing the {} failed; closing the session releases it", name, e);
        } finally {
            closeQuietly(connection, name);
        }
    }

    private static void closeQuietly(Connection c, String name) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("closing the {} connection failed", name, e);
        }
    }
}
