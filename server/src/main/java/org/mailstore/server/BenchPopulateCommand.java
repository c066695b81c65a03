package org.mailstore.server;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.mailstore.reconciler.Populator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mailstore bench populate}. */
@Command(name = "populate",
        description = {"Fill an empty site with a benchmark population: accounts with an INBOX, distinct small messages",
                "delivered to one or many of them (one blob, many rows), metadata rows, journal records, 0.1%% orphans.",
                "Fast, not durable (no fsync): for benchmark sites only, with serve stopped. Prints one summary line."})
final class BenchPopulateCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--messages", required = true, paramLabel = "N", description = "Distinct messages (blobs) to generate.")
    private long messages;

    @Option(names = "--accounts", paramLabel = "N", description = "Accounts to spread them over (default: messages / 100).")
    private Integer accounts;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed; the same seed gives the same messages.")
    private long seed;

    BenchPopulateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (messages < 0) throw new ParameterException(spec.commandLine(), "--messages must not be negative");
        int n = accounts != null ? accounts : (int) Math.max(1, Math.min(Integer.MAX_VALUE, messages / 100));
        if (n < 1) throw new ParameterException(spec.commandLine(), "--accounts must be at least 1");
        return MaintenanceCommands.runOnAnyBlobStore(spec, "bench populate", (setup, progress) -> {
            Populator.Result r = new Populator(setup).run(new Populator.Options(messages, n, seed), progress);
            context.out().println(String.format(Locale.ROOT,
                    "populated %,d blobs (%,d bytes), %,d message rows in %,d accounts, %,d orphan blobs, %,d journal records in %.1f s",
                    r.blobs(), r.bytes(), r.rows(), n, r.orphans(), r.journalRecords(), r.elapsed().toMillis() / 1000.0));
            context.out().flush();
            return ExitCodes.OK;
        });
    }
}
