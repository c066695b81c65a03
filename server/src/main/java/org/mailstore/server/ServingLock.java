package org.mailstore.server;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL session advisory lock that says "mailstore serves from this database": every {@code serve} holds it
 * shared for as long as it runs (several instances may share one database), and {@code restore} takes it exclusively,
 * so a restore refuses to start while any serve runs (embedded or external PostgreSQL alike), and a serve refuses to
 * start while a restore runs. PostgreSQL drops the lock with the session, so a killed process leaves nothing behind.
 */
final class ServingLock implements AutoCloseable {
    /** "mailsrv\0" in ASCII; distinct from the maintenance lock's key. */
    static final long KEY = 0x6d61696c73727600L;
    private static final Logger log = LoggerFactory.getLogger(ServingLock.class);

    private final Connection connection;

    private ServingLock(Connection connection) {
        this.connection = connection;
    }

    /** For {@code serve}. @throws IllegalStateException when a restore holds the lock */
    static ServingLock share(DataSource ds) {
        return take(ds, "pg_try_advisory_lock_shared",
                "cannot serve: a 'mailstore restore' is running against this database; start serve when it has finished");
    }

    /** For {@code restore}. @throws IllegalStateException when a serve (or another restore) holds the lock */
    static ServingLock exclusive(DataSource ds) {
        return take(ds, "pg_try_advisory_lock",
                "a 'mailstore serve' (or another restore) is running against this database; stop every serve that uses it,"
                        + " then restore");
    }

    private static ServingLock take(DataSource ds, String function, String refusal) {
        Connection c = null;
        try {
            c = ds.getConnection();
            Boolean got = DSL.using(c, SQLDialect.POSTGRES).select(DSL.field(function + "({0})", Boolean.class, DSL.val(KEY)))
                    .fetchOne(0, Boolean.class);
            if (!Boolean.TRUE.equals(got)) throw new IllegalStateException(refusal);
            return new ServingLock(c);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            if (e instanceof IllegalStateException ise) throw ise;
            throw new IllegalStateException("cannot take the serving lock: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // Ending the session releases the lock, shared or not, and returns nothing to a pool in a locked state.
        try {
            DSL.using(connection, SQLDialect.POSTGRES).select(DSL.field("pg_advisory_unlock_all()")).fetch();
        } catch (RuntimeException e) {
            log.debug("releasing the serving lock failed; closing the session releases it", e);
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("closing the serving lock connection failed", e);
        }
    }
}
