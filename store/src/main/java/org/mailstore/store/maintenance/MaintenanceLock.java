package org.mailstore.store.maintenance;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL session advisory lock held by one reconcile or gc run for its whole duration, on a
 * connection of its own, so two maintenance runs (on any hosts sharing the database) never
 * overlap. PostgreSQL drops the lock with the session, so a killed run leaves nothing behind.
 */
public final class MaintenanceLock implements AutoCloseable {
    /** The advisory lock key ("mailstor" in ASCII); the same for reconcile and gc on purpose. */
    static final long KEY = 0x6d61696c73746f72L;
    private static final Logger log = LoggerFactory.getLogger(MaintenanceLock.class);

    private final Connection connection;
    private final String holder;

    private MaintenanceLock(Connection connection, String holder) {
        this.connection = connection;
        this.holder = holder;
    }

    /**
     * Takes the lock without waiting.
     *
     * @param holder what is about to run, for the message when another run holds the lock
     * @throws IllegalStateException when another reconcile or gc holds it
     */
    public static MaintenanceLock acquire(DataSource ds, String holder) {
        Connection c = null;
        try {
            c = ds.getConnection();
            Boolean got = DSL.using(c, SQLDialect.POSTGRES)
                    .select(DSL.field("pg_try_advisory_lock({0})", Boolean.class, DSL.val(KEY))).fetchOne(0, Boolean.class);
            if (!Boolean.TRUE.equals(got)) {
                throw new IllegalStateException(holder + " cannot start: another reconcile or gc is running against this database");
            }
            log.debug("{} holds the maintenance lock", holder);
            return new MaintenanceLock(c, holder);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            if (e instanceof IllegalStateException ise) throw ise;
            throw new IllegalStateException(holder + " cannot take the maintenance lock: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            DSL.using(connection, SQLDialect.POSTGRES).select(DSL.field("pg_advisory_unlock({0})", Boolean.class, DSL.val(KEY))).fetch();
        } catch (RuntimeException e) {
            // Closing the session releases the lock as well.
            log.debug("unlocking for {} failed; closing the session releases it", holder, e);
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("closing the maintenance lock connection failed", e);
        }
    }
}
