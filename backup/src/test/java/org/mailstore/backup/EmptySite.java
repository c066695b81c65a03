package org.mailstore.backup;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.mailstore.schema.testing.TestDatabase;

/** A restore target for tests: a database without tables on the test PostgreSQL, and empty blob and journal directories. */
final class EmptySite implements AutoCloseable {
    final TestDatabase.Coordinates db;
    final HikariDataSource dataSource;
    final LiveSite site;

    EmptySite(Path root) {
        db = TestDatabase.freshEmpty();
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(db.url());
        cfg.setUsername(db.user());
        cfg.setPassword(db.password());
        cfg.setMaximumPoolSize(8);
        dataSource = new HikariDataSource(cfg);
        site = new LiveSite(dataSource, root.resolve("blobs"), 2, root.resolve("journal"));
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
