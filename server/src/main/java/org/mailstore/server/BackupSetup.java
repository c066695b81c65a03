package org.mailstore.server;

import org.mailstore.backup.LiveSite;
import org.mailstore.store.maintenance.Progress;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Opens what {@code backup create} reads and nothing more: PostgreSQL (a running serve's, or one started for the
 * command), a pool of {@link #POOL_SIZE} connections, the blob tree and journal directory by path. Not {@link Backend}
 * and {@link MaintenanceCommands}: a backup uses neither the store (opening it loads the whole data-access layer and a
 * journal writer) nor a second pool, and it does not migrate the database it copies; the snapshot checks instead that
 * the live tables are the ones this build copies. Each of those was a fixed cost of every backup, however little had
 * changed (docs/benchmarks.md, "Backup and restore").
 */
final class BackupSetup {
    /** The maintenance lock's connection and the snapshot's; one spare. */
    static final int POOL_SIZE = 3;

    @FunctionalInterface
    interface Action {
        int run(LiveSite site, Progress progress) throws Exception;
    }

    private BackupSetup() {}

    static int run(CommandSpec spec, String command, Action action) throws Exception {
        return CommandServices.run(spec, (root, services) -> {
            MailstoreConfig config = root.config();
            JdbcTarget target = Backend.commandDatabase(config, services);
            Database db = services.add("backup pool", Database.open(target, POOL_SIZE));
            LiveSite site = new LiveSite(db.dataSource(), config.blobLocation(), config.journalDir());
            return action.run(site, CommandServices.progress(root.context(), command));
        });
    }
}
