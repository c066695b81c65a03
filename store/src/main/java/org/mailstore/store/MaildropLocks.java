package org.mailstore.store;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out {@link MaildropLock}s: {@code pg_try_advisory_lock} on a connection opened for that
 * lock alone, outside the pool.
 *
 * <p><b>Cost.</b> Every open lock is one PostgreSQL backend (a process of a few MB, counted against
 * {@code max_connections}) for as long as the POP3 session lasts, and acquiring one costs a
 * connection set-up (a few ms on a local socket). The connection is deliberately not taken from
 * the pool: a pooled one would be gone from the transactions for the whole session, so a handful
 * of idle POP3 clients could starve every other request, and {@link Transactions}' semaphore (sized
 * to the pool) would no longer match what the pool can give. So POP3's connection cap plus the
 * pool size must stay below the server's {@code max_connections}.
 *
 * <p>The direct connection uses the pool's own target: a HikariCP pool's data source or JDBC URL
 * and credentials. Any other DataSource is taken to be unpooled already and asked directly.
 */
public final class MaildropLocks {
    private static final Logger log = LoggerFactory.getLogger(MaildropLocks.class);
    /** Marks mailstore's maildrop locks among other advisory locks: "P3" in the key's top 16 bits. */
    static final long KEY_NAMESPACE = 0x5033L << 48;
    static final long MAX_ACCOUNT_ID = (1L << 48) - 1;
    /** Shown in pg_stat_activity, so an operator can count what POP3 sessions hold. */
    static final String APPLICATION_NAME = "mailstore-maildrop-lock";

    private final DataSource dataSource;

    MaildropLocks(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The lock when no other session holds it, else empty. DATABASE_UNAVAILABLE when PostgreSQL cannot be asked. */
    public Optional<MaildropLock> tryAcquire(Account account) {
        long key = key(account.id());
        Connection c = null;
        try {
            c = connect();
            Boolean got = DSL.using(c, SQLDialect.POSTGRES)
                    .select(DSL.field("pg_try_advisory_lock({0})", Boolean.class, DSL.val(key))).fetchOne(0, Boolean.class);
            if (Boolean.TRUE.equals(got)) return Optional.of(new MaildropLock(account.id(), c));
            c.close();
            return Optional.empty();
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw new StoreException(StoreException.Reason.DATABASE_UNAVAILABLE, "cannot lock the maildrop of " + account.address(), e);
        }
    }

    static long key(long accountId) {
        if (accountId < 1 || accountId > MAX_ACCOUNT_ID) throw new IllegalArgumentException("account id out of range: " + accountId);
        return KEY_NAMESPACE | accountId;
    }

    private Connection connect() throws SQLException {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariDataSource h = dataSource.unwrap(HikariDataSource.class);
            if (h.getDataSource() != null) return h.getDataSource().getConnection();
            if (h.getJdbcUrl() != null) {
                Properties p = new Properties();
                p.putAll(h.getDataSourceProperties());
                if (h.getUsername() != null) p.setProperty("user", h.getUsername());
                if (h.getPassword() != null) p.setProperty("password", h.getPassword());
                p.setProperty("ApplicationName", APPLICATION_NAME);
                return DriverManager.getConnection(h.getJdbcUrl(), p);
            }
            log.warn("the pool has neither a data source nor a JDBC URL; maildrop locks will hold pooled connections");
        }
        return dataSource.getConnection();
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // already failing; the first error is the one reported
        }
    }
}
