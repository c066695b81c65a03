package org.mailstore.server;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mailstore.backup.BackupDirectory;
import org.mailstore.backup.BackupId;
import org.mailstore.backup.JournalPruner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailstore journal prune DIR}: drop journal segments a verified backup holds (docs/operations.md, "Pruning the journal"). */
@Command(name = "journal", description = "Maintain the delivery journal.")
final class JournalCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    JournalCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: prune");
    }

    @Command(name = "prune", description = {"Remove journal segments that a backup in DIR holds in full, after verifying that backup",
            "(its manifest and file checksums). An instance's newest segment is always kept. Prints one summary line.",
            "Exit 1 when no complete, verified backup is found."})
    int prune(@Parameters(paramLabel = "DIR", description = "The backup directory.") Path dir,
              @Option(names = "--backup", paramLabel = "ID", converter = BackupIdConverter.class,
                      description = "Which backup covers the segments (default: the newest complete one).") BackupId id,
              @Option(names = "--dry-run", description = "Say what would be removed; remove nothing.") boolean dryRun) throws Exception {
        MailstoreConfig config = MailstoreCommand.of(spec).config();
        JournalPruner.Result r = new JournalPruner(new BackupDirectory(context.cwd().resolve(dir)), config.journalDir())
                .prune(Optional.ofNullable(id), dryRun);
        context.out().println((dryRun ? "would prune " : "pruned ") + r.removed().size() + " journal segments (" + Sizes.of(r.bytes())
                + ") held by backup " + r.backup() + "; " + r.kept() + " kept");
        context.out().flush();
        return ExitCodes.OK;
    }
}
