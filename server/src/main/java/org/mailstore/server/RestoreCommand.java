package org.mailstore.server;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mailstore.backup.BackupDirectory;
import org.mailstore.backup.BackupId;
import org.mailstore.backup.LiveSite;
import org.mailstore.backup.RestoreResult;
import org.mailstore.backup.Restorer;
import org.mailstore.reconciler.ConsoleProgress;
import org.mailstore.reconciler.FindingKind;
import org.mailstore.reconciler.MaintenanceSetup;
import org.mailstore.reconciler.ReconcileOptions;
import org.mailstore.reconciler.ReconcileResult;
import org.mailstore.reconciler.Reconciler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mailstore restore DIR}: a backup into the configured database and data directory, then a reconcile so journal
 * records newer than the snapshot are replayed. Opens the database itself rather than through {@link Backend}, which
 * would first migrate it to the latest schema: the backup's tables must be loaded at the schema version they were
 * copied at, and migrated after.
 */
@Command(name = "restore",
        description = {"Restore a backup into an empty database and data directory: migrate the schema to the backup's version,",
                "load its tables, migrate to the latest, copy its blobs and journal segments, then reconcile (as 'mailstore",
                "reconcile') so deliveries the journal recorded after the snapshot come back. Refused while a serve runs",
                "against the target database (and a serve refuses to start while a restore runs).",
                "Exit 0: restored and nothing left for an operator; 1: refused, failed, or the reconcile left findings."})
final class RestoreCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The backup directory.")
    private Path dir;

    @Option(names = "--backup", paramLabel = "ID", converter = BackupIdConverter.class,
            description = "Which backup (default: the newest complete one).")
    private BackupId id;

    @Option(names = "--force", description = {"Restore even though the target holds data: its database is emptied first;",
            "blobs and journal segments already there are kept, and the reconcile replays what they add."})
    private boolean force;

    RestoreCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        MailstoreCommand root = MailstoreCommand.of(spec);
        MailstoreConfig config = root.config();
        BackupDirectory backups = new BackupDirectory(context.cwd().resolve(dir));
        ProcessLifecycle lifecycle = context.lifecycle();
        try (ServiceStack services = new ServiceStack()) {
            lifecycle.closeOnStop(services);
            JdbcTarget target = Backend.commandDatabase(config, services);
            Database db = services.add("restore pool", Database.open(target, MaintenanceCommands.POOL_SIZE));
            services.add("serving lock", ServingLock.exclusive(db.dataSource()));
            ConsoleProgress progress = new ConsoleProgress(context.err(), context.console().isPresent(), "mailstore restore");
            LiveSite site = new LiveSite(db.dataSource(), config.blobLocation(), config.journalDir());
            RestoreResult r = new Restorer(backups, site).restore(Optional.ofNullable(id), force, progress);
            PrintStream out = context.out();
            out.println(String.format(Locale.ROOT, "restored backup %s (snapshot %s): %d rows, %d blobs copied, %d journal segments",
                    r.manifest().id(), r.manifest().snapshotAt(), r.rows(), r.blobsCopied(), r.segments()));
            out.flush();
            Path scratch = Files.createDirectories(config.dataDir().resolve(MaintenanceCommands.SCRATCH_DIRECTORY));
            MaintenanceSetup setup = new MaintenanceSetup(db.dataSource(), config.blobDir(), config.blobFanout(), config.journalDir(),
                    config.instanceId(), scratch).withBlobs(config.blobLocation());
            ReconcileResult rec = new Reconciler(setup).run(ReconcileOptions.repairing(),
                    new ConsoleProgress(context.err(), context.console().isPresent(), "mailstore restore: reconcile"));
            for (Map.Entry<FindingKind, Long> e : rec.counts().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                out.println(e.getKey().json() + " " + e.getValue());
            }
            out.println(String.format(Locale.ROOT, "reconciled: %d blobs, %d journal records, %d findings needing attention",
                    rec.blobsScanned(), rec.journalRecords(), rec.needingAction()));
            out.flush();
            return rec.exitCode();
        } finally {
            lifecycle.closeOnStop(null);
        }
    }
}
