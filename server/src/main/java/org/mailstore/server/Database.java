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
