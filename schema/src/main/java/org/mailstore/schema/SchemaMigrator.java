package org.mailstore.schema;

import java.util.Arrays;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to the schema version this build knows, with the Flyway migrations on the
 * classpath. Refuses a database whose schema is newer than the code: Flyway on its own ignores such
 * "future" migrations and would let an old mailstore write into a schema it does not understand.
 */
public final class SchemaMigrator {
    public static final String LOCATION = "classpath:db/migration";
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {}

    /**
     * Migrates {@code ds} to the latest known version.
     *
     * @throws IllegalStateException when the database is newer than this code, or when no
     *     migrations are on the classpath (a broken build)
     */
    public static void migrate(DataSource ds) {
        Flyway flyway = Flyway.configure().dataSource(ds).locations(LOCATION).load();
        MigrationInfoService info = flyway.info();
        String before = versionOf(info.current());
        MigrationVersion known = latestKnown(info).orElseThrow(() -> new IllegalStateException(
                "no schema migrations found at " + LOCATION + "; the mailstore build is incomplete"));
        Optional<MigrationInfo> future = Arrays.stream(info.all())
                .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
                .reduce((a, b) -> b);
        if (future.isPresent()) {
            throw new IllegalStateException("the database schema is at version " + before
                    + " but this mailstore only knows versions up to " + known
                    + "; run a mailstore at least as new as the one that last migrated this database");
        }
        log.info("database schema at version {}, this mailstore knows up to {}", before, known);
        int applied = flyway.migrate().migrationsExecuted;
        String after = versionOf(flyway.info().current());
        if (applied > 0) {
            log.info("database schema migrated from version {} to {} ({} migrations)", before, after, applied);
        } else {
            log.info("database schema up to date at version {}", after);
        }
    }

    private static Optional<MigrationVersion> latestKnown(MigrationInfoService info) {
        return Arrays.stream(info.all())
                .filter(m -> m.getState().isResolved() && m.getVersion() != null)
                .map(MigrationInfo::getVersion)
                .max(MigrationVersion::compareTo);
    }

    private static String versionOf(MigrationInfo current) {
        return current == null || current.getVersion() == null ? "none (empty database)" : current.getVersion().toString();
    }
}
