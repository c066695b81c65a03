package org.mailstore.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import com.zaxxer.hikari.pool.HikariPool;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/** The connection pool every part of mailstore shares: HikariCP over the configured or embedded PostgreSQL. */
public final class Database implements AutoCloseable {
    /** How long a caller waits for a free connection before the pool gives up. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(30);
    /** Fail at once when PostgreSQL cannot be reached at start, rather than on the first request. */
    static final long INITIALIZATION_FAIL_TIMEOUT_MILLIS = 1;
    static final String POOL_NAME = "mailstore";
    /**
     * Every statement mailstore prepares names its account and mailbox by key, so one plan serves every value, and
     * PostgreSQL's choice between a generic and a per-call plan went wrong both ways under the IMAP load: a
     * connection that had prepared a statement while the statistics described other mailboxes planned it again on
     * every call (the changes read: 31,404 plans, 9.0 s of 35.6 s of PostgreSQL CPU in 30 s), and per-call plans
     * built on statistics taken before a mailbox filled scanned all its rows by the wrong index (a sparse FETCH batch:
     * 1,011 buffers and 2.5 ms against 120 and 0.13 ms for the generic plan). See docs/store.md.
     */
    static final String GENERIC_PLANS = "SET plan_cache_mode = force_generic_plan";

    private final HikariDataSource pool;
    private final JdbcTarget target;

    private Database(HikariDataSource pool, JdbcTarget target) {
        this.pool = pool;
        this.target = target;
    }

    /**
     * Opens a pool of {@code size} connections.
     *
     * @throws IllegalStateException naming the URL (never the password) when PostgreSQL cannot be reached
     */
    public static Database open(JdbcTarget target, int size) {
        return open(target, size, Optional.empty());
    }

    /** As {@link #open(JdbcTarget, int)}, reporting the pool's use (hikaricp_* meters) to {@code metrics}. */
    public static Database open(JdbcTarget target, int size, Optional<MeterRegistry> metrics) {
        HikariConfig c = new HikariConfig();
        metrics.ifPresent(m -> c.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(m)));
        c.setPoolName(POOL_NAME);
        c.setJdbcUrl(target.url());
        if (!target.user().isEmpty()) c.setUsername(target.user());
        if (!target.password().isEmpty()) c.setPassword(target.password());
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(Math.min(size, 1));
        c.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        c.setInitializationFailTimeout(INITIALIZATION_FAIL_TIMEOUT_MILLIS);
        c.setConnectionInitSql(GENERIC_PLANS);
        try {
            return new Database(new HikariDataSource(c), target);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("cannot connect to PostgreSQL at " + target.safeUrl() + ": " + cause.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    public JdbcTarget target() {
        return target;
    }

    @Override
    public void close() {
        pool.close();
    }
}
