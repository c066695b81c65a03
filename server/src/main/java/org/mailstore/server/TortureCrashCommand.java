package org.mailstore.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mailstore.server.torture.CrashTorture;
import org.mailstore.server.torture.TortureFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mailstore torture crash}: SIGKILL serve or PostgreSQL under load, restart, verify nothing acknowledged was lost. */
@Command(name = "crash",
        description = {"Runs serve as a child process on a data directory of its own, drives LMTP deliveries and IMAP sessions",
                "(flag, move, expunge, APPEND), SIGKILLs serve (or the PostgreSQL postmaster) at a seeded moment of each trial,",
                "restarts it and verifies every acknowledged message (bytes, mailbox, UID), UIDNEXT/HIGHESTMODSEQ and",
                "'mailstore reconcile --check'. Exit 0: nothing lost; 1: a failure, printed with the seed and trial that replay it."})
final class TortureCrashCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    @Option(names = "--seed", paramLabel = "N", description = "Seed (default: from the clock, printed).")
    private Long seed;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "3", description = "Kill-and-restart trials (default: ${DEFAULT-VALUE}).")
    private int trials;

    @Option(names = "--deliveries", paramLabel = "N", defaultValue = "300", description = "LMTP transactions per trial (default: ${DEFAULT-VALUE}).")
    private int deliveries;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "4", description = "LMTP connections at once (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = "--imap-sessions", paramLabel = "N", defaultValue = "2", description = "IMAP sessions at once (default: ${DEFAULT-VALUE}).")
    private int imapSessions;

    @Option(names = "--accounts", paramLabel = "N", defaultValue = "6", description = "Accounts deliveries are spread over (default: ${DEFAULT-VALUE}).")
    private int accounts;

    @Option(names = "--kill", paramLabel = "serve|postmaster", defaultValue = "serve",
            description = "What to SIGKILL: serve, or the PostgreSQL postmaster (default: ${DEFAULT-VALUE}).")
    private String kill;

    @Option(names = "--dir", paramLabel = "DIR", description = "Work directory (data, logs); default: a new torture-* directory here. Kept.")
    private Path dir;

    @Option(names = "--db-url", paramLabel = "URL", description = "External PostgreSQL (jdbc:postgresql://…) instead of serve's embedded one.")
    private String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "", description = "User for --db-url.")
    private String dbUser;

    @Option(names = "--db-password-env", paramLabel = "VAR", description = "Environment variable holding the --db-url password.")
    private String dbPasswordEnv;

    @Option(names = "--postmaster-pid-file", paramLabel = "FILE",
            description = "The external server's postmaster.pid (to find the process --kill postmaster kills).")
    private Path postmasterPidFile;

    @Option(names = "--postmaster-start", paramLabel = "COMMAND",
            description = "Shell command that starts the external server again (default: wait for its supervisor).")
    private String postmasterStart;

    TortureCrashCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        CrashTorture.Mode mode = switch (kill.toLowerCase(Locale.ROOT)) {
            case "serve" -> CrashTorture.Mode.SERVE;
            case "postmaster" -> CrashTorture.Mode.POSTMASTER;
            default -> throw new ParameterException(spec.commandLine(), "--kill must be serve or postmaster, not '" + kill + "'");
        };
        Optional<CrashTorture.ExternalDatabase> external = Optional.ofNullable(dbUrl).map(url -> new CrashTorture.ExternalDatabase(url, dbUser,
                dbPasswordEnv == null ? "" : context.env().getOrDefault(dbPasswordEnv, ""),
                Optional.ofNullable(postmasterPidFile).map(p -> context.cwd().resolve(p)), Optional.ofNullable(postmasterStart)));
        long s = seed != null ? seed : System.currentTimeMillis();
        Path work = dir != null ? context.cwd().resolve(dir) : Files.createTempDirectory(context.cwd(), "torture-");
        CrashTorture.Options options;
        try {
            options = new CrashTorture.Options(s, trials, deliveries, connections, imapSessions, accounts, mode, work, external);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            new CrashTorture(options, context.out()).run();
            return ExitCodes.OK;
        } catch (TortureFailure e) {
            context.out().println(e.getMessage());
            context.out().flush();
            return ExitCodes.FAILURE;
        }
    }
}
