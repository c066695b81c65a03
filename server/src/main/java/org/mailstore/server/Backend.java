package org.mailstore.server;

import org.mailstore.schema.SchemaMigrator;

/**
 * Opens, in order, what {@code serve} and the store commands stand on: PostgreSQL (the embedded
 * one or {@code db.url}), the connection pool, the current schema. Each part joins the caller's
 * {@link ServiceStack} as soon as it runs, so a failure half-way still closes what was opened.
 */
final class Backend {
    /** A short command needs a connection or two, whatever the server's pool size. */
    static final int COMMAND_POOL_SIZE = 2;

    enum Role {
        /** {@code serve}: owns the embedded PostgreSQL; a second one on the same data dir fails. */
        SERVER,
        /** A CLI command: uses the PostgreSQL a running serve has, or runs one for its own duration. */
        COMMAND
    }

    /** @param description where the data lives, for the ready line and messages */
    record Opened(Database database, String description) {}

    private Backend() {}

    static Opened open(MailstoreConfig config, Role role, ServiceStack stack) {
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
        Database db = stack.add("connection pool", Database.open(target, poolSize));
        SchemaMigrator.migrate(db.dataSource());
        return new Opened(db, description);
    }
}
