package org.mailstore.server;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mailstore.reconciler.FindingKind;
import org.mailstore.reconciler.MissingPolicy;
import org.mailstore.reconciler.ReconcileOptions;
import org.mailstore.reconciler.ReconcileResult;
import org.mailstore.reconciler.Reconciler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mailstore reconcile}: make database, blob tree and journal agree after a restore (docs/operations.md). */
@Command(name = "reconcile",
        description = {"Find and repair what a restore left inconsistent between the database, the blob tree and the journal:",
                "journal records the database lacks (put back with their original UIDs), UIDNEXT/HIGHESTMODSEQ behind",
                "the journal, UID conflicts (new UIDVALIDITY), rows whose blob is missing, orphan and corrupt blobs.",
                "Prints one line per kind of finding (KIND COUNT), then a summary line. Best run with serve stopped.",
                "Exit 0: nothing needs attention; 1: findings (--check), or something left for an operator."})
final class ReconcileCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--check", description = "Report only; change nothing.")
    private boolean check;

    @Option(names = "--verify-content", description = "Re-hash every blob; quarantine those whose bytes no longer match their name.")
    private boolean verifyContent;

    @Option(names = "--missing", paramLabel = "report|expunge", defaultValue = "report",
            description = "Rows whose blob is missing: keep and report them (default), or expunge them.")
    private String missing;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the JSON report (every finding) to FILE.")
    private Path report;

    ReconcileCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        MissingPolicy policy = switch (missing.toLowerCase(Locale.ROOT)) {
            case "report" -> MissingPolicy.REPORT;
            case "expunge" -> MissingPolicy.EXPUNGE;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--missing must be report or expunge, not '" + missing + "'");
        };
        Path reportFile = report == null ? null : context.cwd().resolve(report);
        ReconcileOptions options = new ReconcileOptions(check, verifyContent, policy, reportFile, null);
        return MaintenanceCommands.runOnAnyBlobStore(spec, "reconcile", (setup, progress) -> {
            ReconcileResult r = new Reconciler(setup).run(options, progress);
            PrintStream out = context.out();
            for (Map.Entry<FindingKind, Long> e : r.counts().entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                out.println(e.getKey().json() + " " + e.getValue());
            }
            out.println(String.format(Locale.ROOT, "%s: %d blobs, %d journal records, %d findings needing attention, %.1f s",
                    check ? "checked" : "reconciled", r.blobsScanned(), r.journalRecords(), r.needingAction(), r.elapsed().toMillis() / 1000.0));
            out.flush();
            return r.exitCode();
        });
    }
}
