package org.mailstore.server;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.mailstore.reconciler.GarbageCollector;
import org.mailstore.reconciler.GcOptions;
import org.mailstore.reconciler.GcResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mailstore gc}: delete blobs no message and no retained journal record references, once older than the grace period. */
@Command(name = "gc",
        description = {"Delete blobs that no message references and no retained journal segment names, once they are older",
                "than the grace period (by modification or status-change time), and abandoned temp files of puts.",
                "Safe while serve runs: a blob a delivery is about to reference is never deleted.",
                "Prints one summary line."})
final class GcCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "7d", converter = DurationConverter.class,
            description = "Keep anything younger than this: 7d (default), 36h, 90m, 0s, or ISO-8601 such as P7D.")
    private Duration grace;

    @Option(names = "--dry-run", description = "Report what would be deleted; delete nothing.")
    private boolean dryRun;

    GcCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        return MaintenanceCommands.runOnAnyBlobStore(spec, "gc", (setup, progress) -> {
            GcResult r = new GarbageCollector(setup).collect(new GcOptions(grace, dryRun), progress);
            context.out().println(r.summary());
            context.out().flush();
            return ExitCodes.OK;
        });
    }
}
