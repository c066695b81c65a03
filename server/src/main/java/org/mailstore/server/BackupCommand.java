package org.mailstore.server;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mailstore.backup.BackupDirectory;
import org.mailstore.backup.BackupId;
import org.mailstore.backup.BackupSummary;
import org.mailstore.backup.BackupVerifier;
import org.mailstore.backup.Manifest;
import org.mailstore.backup.OnlineBackup;
import org.mailstore.reconciler.ConsoleProgress;
import org.mailstore.reconciler.JsonString;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailstore backup create|verify|list DIR} (docs/operations.md, "Backup"). */
@Command(name = "backup", description = "Back up a running mailstore into a directory of plain files, and check or list those backups.")
final class BackupCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    BackupCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: create, verify or list");
    }

    @Command(name = "create", description = {"Back up the database (one consistent snapshot), the blobs it references and the journal into DIR,",
            "while serve keeps serving. Blobs DIR already holds are not copied again, and of the blobs table only the rows",
            "the previous backup in DIR lacks are written: restoring needs that backup too (its base; see list).",
            "Prints one summary line.",
            "Exit 1 if the live blob tree lacked a blob the database references (the backup is made, and verify reports it)."})
    int create(@Parameters(paramLabel = "DIR", description = "The backup directory (created if missing).") Path dir,
               @Option(names = "--full", description = {"Write every blob row, building on no earlier backup: the start of a new chain,",
                       "after which the older backups in DIR may be deleted."}) boolean full) throws Exception {
        BackupDirectory target = new BackupDirectory(context.cwd().resolve(dir));
        return BackupSetup.run(spec, "backup create", (site, progress) -> {
            Manifest m = new OnlineBackup(site, target, Clock.systemUTC(), full).create(progress);
            Manifest.Counts c = m.counts();
            double seconds = (m.finishedAt().toEpochMilli() - m.startedAt().toEpochMilli()) / 1000.0;
            context.out().println(String.format(Locale.ROOT,
                    "backup %s%s: %d messages, %d blobs (%d copied, %s), %d journal segments, %d journal-only blobs, %.1f s",
                    m.id(), m.incremental() ? " (incremental on " + m.base() + ")" : " (full)", c.messages(), c.blobs(), c.blobsCopied(),
                    Sizes.of(c.blobBytesCopied()), m.journal().size(), c.journalBlobs(), seconds));
            context.out().flush();
            if (!m.missingBlobs().isEmpty()) {
                context.err().println("mailstore backup create: the live blob tree lacks " + m.missingBlobs().size()
                        + " blobs the database references (first: " + m.missingBlobs().getFirst() + "); run mailstore reconcile --check");
                return ExitCodes.FAILURE;
            }
            return ExitCodes.OK;
        });
    }

    @Command(name = "verify", description = {"Check a backup: its manifest, the length and SHA-256 of every file it lists, and with --deep",
            "that every blob it references is in DIR and still hashes to its name. Prints each fault, then a summary line.",
            "Exit 1 on any fault, an incomplete (interrupted) backup included."})
    int verify(@Parameters(paramLabel = "DIR", description = "The backup directory.") Path dir,
               @Option(names = "--backup", paramLabel = "ID", converter = BackupIdConverter.class,
                       description = "Which backup (default: the newest, complete or not).") BackupId id,
               @Option(names = "--deep", description = "Also re-read and re-hash every blob the backup references.") boolean deep)
            throws Exception {
        BackupDirectory backups = new BackupDirectory(context.cwd().resolve(dir));
        BackupId which = id != null ? id : newest(backups);
        List<String> faults = new BackupVerifier(backups).verify(which, deep, progress("backup verify"));
        PrintStream out = context.out();
        faults.forEach(out::println);
        out.println(faults.isEmpty() ? "backup " + which + " verified" + (deep ? " (deep)" : "")
                : "backup " + which + ": " + faults.size() + (faults.size() == 1 ? " fault" : " faults"));
        out.flush();
        return faults.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    @Command(name = "list", description = {"List the backups in DIR, oldest first: id, complete, incomplete or broken (an incremental backup",
            "whose base chain lacks a backup), full or incremental with its base, snapshot time, size, messages.",
            "Size counts the backup's own files and the blobs it references (shared with other backups in DIR).",
            "With --json: one JSON array of {\"id\", \"state\", \"base\", \"snapshot\", \"bytes\", \"messages\", \"problem\"} objects."})
    int list(@Parameters(paramLabel = "DIR", description = "The backup directory.") Path dir,
             @Option(names = "--json", description = "Print JSON for scripts.") boolean json) throws Exception {
        PrintStream out = context.out();
        BackupDirectory backups = new BackupDirectory(context.cwd().resolve(dir));
        if (json) {
            List<String> objects = new ArrayList<>();
            for (BackupSummary s : backups.list()) objects.add(jsonOf(backups, s));
            out.println("[" + String.join(",", objects) + "]");
            out.flush();
            return ExitCodes.OK;
        }
        for (BackupSummary s : backups.list()) {
            if (s.complete()) {
                Manifest m = s.manifest();
                Optional<String> broken = backups.chainProblem(m);
                out.println(s.id() + (broken.isPresent() ? " broken" : " complete") + (m.incremental() ? " incremental base=" + m.base() : " full")
                        + " snapshot=" + m.snapshotAt() + " size=" + Sizes.of(m.totalBytes()).replace(" ", "") + " messages="
                        + m.counts().messages() + broken.map(p -> " (cannot be restored: " + p + ")").orElse(""));
            } else {
                out.println(s.id() + " incomplete (" + s.problem() + ")");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String jsonOf(BackupDirectory backups, BackupSummary s) throws java.io.IOException {
        if (!s.complete()) {
            return "{\"id\":" + JsonString.quote(s.id().toString()) + ",\"state\":\"incomplete\",\"base\":null,\"snapshot\":null,"
                    + "\"bytes\":null,\"messages\":null,\"problem\":" + JsonString.quote(s.problem()) + "}";
        }
        Manifest m = s.manifest();
        Optional<String> broken = backups.chainProblem(m);
        return "{\"id\":" + JsonString.quote(s.id().toString()) + ",\"state\":" + (broken.isPresent() ? "\"broken\"" : "\"complete\"")
                + ",\"base\":" + (m.incremental() ? JsonString.quote(m.base().toString()) : "null")
                + ",\"snapshot\":" + JsonString.quote(m.snapshotAt().toString()) + ",\"bytes\":" + m.totalBytes()
                + ",\"messages\":" + m.counts().messages() + ",\"problem\":" + broken.map(JsonString::quote).orElse("null") + "}";
    }

    private BackupId newest(BackupDirectory backups) throws java.io.IOException {
        List<BackupSummary> all = backups.list();
        if (all.isEmpty()) throw new IllegalStateException("no backups in " + backups.root());
        return all.getLast().id();
    }

    private ConsoleProgress progress(String command) {
        return CommandServices.progress(context, command);
    }
}
