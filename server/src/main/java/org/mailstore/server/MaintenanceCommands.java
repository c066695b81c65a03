package org.mailstore.server;

import java.nio.file.Files;
import java.nio.file.Path;
import org.mailstore.reconciler.MaintenanceSetup;
import org.mailstore.store.maintenance.Progress;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs reconcile, gc, index rebuild and bench populate: opens the backend as the store commands do, plus a pool
 * of its own big enough for a maintenance run (a lock connection, streaming cursors and repairs at
 * once), a scratch directory for on-disk sorts under the data directory (never a RAM-backed
 * /tmp: it holds tens of bytes per blob), and progress on standard error.
 */
final class MaintenanceCommands {
    /** Connections a maintenance run uses at most at once, with room to spare. */
    static final int POOL_SIZE = 8;
    static final String SCRATCH_DIRECTORY = "maintenance-tmp";

    @FunctionalInterface
    interface Action {
        int run(MaintenanceSetup setup, Progress progress) throws Exception;
    }

    private MaintenanceCommands() {}

    /**
     * For the commands that still work on the file tree only (bench imap's bulk corpus load writes blob files
     * directly): with blob.url naming a bucket they refuse before touching anything. Reconcile, gc, index rebuild and
     * bench populate work on either store ({@link #runOnAnyBlobStore}); so does restore.
     */
    static void refuseS3(MailstoreConfig config, String command) {
        config.blobS3().ifPresent(s3 -> {
            throw new ConfigException(command + " does not work with an S3 blob store yet (" + ConfigKey.BLOB_URL.key() + " "
                    + s3.url() + "); it needs the file tree at " + ConfigKey.BLOB_DIR.key());
        });
    }

    /** Runs a maintenance command that needs the file tree: refused with an S3 blob.url. */
    static int run(CommandSpec spec, String command, Action action) throws Exception {
        return run(spec, command, false, action);
    }

    /** Runs a maintenance command that works on the configured blob store, file tree or S3 (reconcile, gc, index rebuild, bench populate). */
    static int runOnAnyBlobStore(CommandSpec spec, String command, Action action) throws Exception {
        return run(spec, command, true, action);
    }

    private static int run(CommandSpec spec, String command, boolean anyBlobStore, Action action) throws Exception {
        return CommandServices.run(spec, (root, services) -> {
            MailstoreConfig config = root.config();
            if (!anyBlobStore) refuseS3(config, command);
            Backend.Opened backend = Backend.open(config, Backend.Role.COMMAND, services);
            Database pool = services.add("maintenance pool", Database.open(backend.database().target(), POOL_SIZE));
            Path scratch = Files.createDirectories(config.dataDir().resolve(SCRATCH_DIRECTORY));
            MaintenanceSetup setup = new MaintenanceSetup(pool.dataSource(), config.blobDir(), config.blobFanout(), config.journalDir(),
                    config.instanceId(), scratch).withBlobs(config.blobLocation());
            return action.run(setup, CommandServices.progress(root.context(), command));
        });
    }
}
