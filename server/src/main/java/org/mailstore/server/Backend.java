package org.mailstore.server;

import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.util.Optional;
import org.mailstore.schema.SchemaMigrator;
import org.mailstore.store.MailStore;
import org.mailstore.store.journal.Journal;

/**
 * Opens, in order, what {@code serve} and the store commands stand on: PostgreSQL (the embedded
 * one or {@code db.url}), the connection pool, the current schema, the store. Each part joins the caller's
 * {@link ServiceStack} as soon as it runs, so a failure half-way still closes what was opened.
 */
final class Backend {
    /** A short command needs a connection or two, whatever the server's pool size. */
    static final int COMMAND_POOL_SIZE = 3;
    /**
     * A CLI command journals under {@code <instance.id>-cli}: under serve's own id it took the segment name serve was
     * about to create (serve then logged that another process used its id) and, run after a crash, its segment became
     * the newest of serve's id, so the restarted serve settled that one and not its own previous run's tail.
     */
    static final String COMMAND_JOURNAL_SUFFIX = "-cli";

    enum Role {
        /** {@code serve}: owns the embedded PostgreSQL; a second one on the same data dir fails. */
        SERVER,
        /** A CLI command: uses the PostgreSQL a running serve has, or runs one for its own duration. */
        COMMAND
    }

    /** @param description where the data lives, for the ready line and messages */
    record Opened(Database database, MailStore store, String description) {}

    private Backend() {}

    /**
     * The PostgreSQL a CLI command uses without opening the store: a running serve's embedded one (or one started for
     * the command's duration), or the configured server.
     */
    static JdbcTarget commandDatabase(MailstoreConfig config, ServiceStack stack) {
        return config.embeddedDatabase()
                ? stack.add("embedded PostgreSQL", EmbeddedDatabase.attachOrStart(config.dataDir(), config.dbEmbeddedPort())).target()
                : new JdbcTarget(config.dbUrl(), config.dbUser(), config.dbPassword());
    }

    static Opened open(MailstoreConfig config, Role role, ServiceStack stack) throws IOException {
        JdbcTarget target;
        String description;
        if (config.embeddedDatabase()) {
            EmbeddedDatabase pg = stack.add("embedded PostgreSQL", role == Role.SERVER
                    ? EmbeddedDatabase.start(config.dataDir(), config.dbEmbeddedPort())
                    : EmbeddedDatabase.attachOrStart(config.dataDir(), config.dbEmbeddedPort()));
            target = pg.target();
            description = "embedded PostgreSQL in " + pg.pgDir() + " at " + target.safeUrl();
        } else {
            target = new JdbcTarget(config.dbUrl(), config.dbUser(), config.dbPassword());
            description = "PostgreSQL at " + target.safeUrl();
        }
        int poolSize = role == Role.SERVER ? config.dbPoolSize() : Math.min(config.dbPoolSize(), COMMAND_POOL_SIZE);
        // Only serve's pool is exported: a CLI command's short-lived pool would only add noise.
        Database db = stack.add("connection pool", Database.open(target, poolSize,
                role == Role.SERVER ? Optional.of(Metrics.globalRegistry) : Optional.empty()));
        if (role == Role.SERVER) stack.add("serving lock", ServingLock.share(db.dataSource()));
        SchemaMigrator.migrate(db.dataSource());
        String journalId = role == Role.SERVER ? config.instanceId() : Journal.suffixedInstanceId(config.instanceId(), COMMAND_JOURNAL_SUFFIX);
        MailStore store = stack.add("store", MailStore.open(db.dataSource(), config.blobLocation(), config.journalDir(), journalId));
        if (role == Role.SERVER) {
            store.settlePreviousRun();
            store.accounts().cacheVerifiedLogins(config.verifiedLogins());
            // Stopped before the store (the stack closes in reverse): its batch uses the store's pool.
            stack.add("search text indexer", store.startSearchTextIndexing(config.searchTextBacklog()));
        }
        return new Opened(db, store, description);
    }
}
