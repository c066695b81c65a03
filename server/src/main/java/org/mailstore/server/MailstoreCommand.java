package org.mailstore.server;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mailstore.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root of the command tree. Holds what every subcommand shares: the {@link CliContext} and
 * the configuration, loaded once on first use from {@code --config} (accepted before or after the
 * subcommand name), {@code ./mailstore.conf} and the environment.
 */
@Command(name = "mailstore",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = MailstoreCommand.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"A mail store for POP3 and IMAP users, fed by MTAs over LMTP.",
                "Settings come from mailstore.conf (see --config) and MAILSTORE_* environment variables; "
                        + "see docs/configuration.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure", "2:bad usage or configuration"},
        subcommands = {ServeCommand.class, AccountCommand.class, MailboxCommand.class, DeliverCommand.class, BenchCommand.class,
                ReconcileCommand.class, GcCommand.class, BackupCommand.class, RestoreCommand.class, JournalCommand.class, IndexCommand.class,
                ConfigCommand.class, TortureCommand.class})
public final class MailstoreCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(MailstoreCommand.class);

    private final CliContext context;
    private Path configFile;
    private MailstoreConfig config;

    @Spec
    private CommandSpec spec;

    MailstoreCommand(CliContext context) {
        this.context = context;
    }

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Configuration file (default: ./mailstore.conf when it exists).")
    void setConfigFile(Path file) {
        this.configFile = file;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command; try 'mailstore --help'");
    }

    CliContext context() {
        return context;
    }

    /** The configuration, loaded on first use. */
    MailstoreConfig config() {
        if (config == null) {
            config = MailstoreConfig.load(Optional.ofNullable(configFile), context.env(), context.cwd(), context.hostName());
            LogLevels.use(config.logFormat());
        }
        return config;
    }

    /** The file given with {@code --config}, if any. */
    Optional<Path> configFile() {
        return Optional.ofNullable(configFile);
    }

    /** The root command a subcommand runs under. */
    static MailstoreCommand of(CommandSpec subcommand) {
        return (MailstoreCommand) subcommand.root().userObject();
    }

    /** The command line wired to {@code context}'s streams, with mailstore's exit codes. */
    static CommandLine commandLine(CliContext context) {
        CommandLine cl = new CommandLine(new MailstoreCommand(context), new ContextFactory(context));
        cl.setOut(new PrintWriter(context.out(), true));
        cl.setErr(new PrintWriter(context.err(), true));
        cl.setExitCodeExceptionMapper(MailstoreCommand::exitCodeOf);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println(qualifiedName(line) + ": " + describe(e));
            if (isUnexpected(e)) log.error("unexpected failure", e);
            return exitCodeOf(e);
        });
        return cl;
    }

    private static int exitCodeOf(Throwable e) {
        return e instanceof ConfigException || e instanceof ParameterException ? ExitCodes.USAGE : ExitCodes.FAILURE;
    }

    /** {@code mailstore account add}, for messages. */
    private static String qualifiedName(CommandLine line) {
        return line.getCommandSpec().qualifiedName(" ");
    }

    private static boolean isUnexpected(Throwable e) {
        return !(e instanceof ConfigException || e instanceof StoreException || e instanceof IllegalStateException || e instanceof java.io.IOException
                || e instanceof java.io.UncheckedIOException || e instanceof IllegalArgumentException);
    }

    /** The message for stderr; a store failure leads with its reason, such as {@code NO_SUCH_ACCOUNT: …}. */
    static String describe(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof StoreException se ? se.reason() + ": " + message : message;
    }

    /** Builds commands that take the {@link CliContext} in their constructor; the rest as picocli would. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> c = cls.getDeclaredConstructor(CliContext.class);
                return c.newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }

    /** The version from the runnable jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        static final String UNKNOWN = "development build";

        @Override
        public String[] getVersion() {
            String v = MailstoreCommand.class.getPackage().getImplementationVersion();
            return new String[] {"mailstore " + (v == null ? UNKNOWN : v)};
        }
    }
}
