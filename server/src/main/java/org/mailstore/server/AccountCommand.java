package org.mailstore.server;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import org.mailstore.reconciler.JsonString;
import org.mailstore.store.Account;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailstore account add|list|passwd|delete}. */
@Command(name = "account", description = "Create, list, re-password and delete accounts.")
final class AccountCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    AccountCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: add, list, passwd or delete");
    }

    @Command(name = "add", description = {"Create an account; the password is read from the terminal (twice) "
            + "or, with --password-stdin, from the first line of standard input.", "Prints nothing on success."})
    int add(@Parameters(paramLabel = "ADDR", description = "The address, such as a@example.org.") String address,
            @Option(names = "--password-stdin", description = "Read the password from standard input.") boolean stdin)
            throws Exception {
        char[] password = password("add", address, stdin);
        try {
            return StoreCommands.run(spec, store -> {
                store.accounts().create(address, password);
                return ExitCodes.OK;
            });
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Command(name = "list", description = {"Print every account's address, one per line, sorted.",
            "With --json: one JSON array of {\"address\", \"disabled\", \"created\"} objects."})
    int list(@Option(names = "--json", description = "Print JSON for scripts.") boolean json) throws Exception {
        return StoreCommands.run(spec, store -> {
            PrintStream out = context.out();
            List<Account> accounts = store.accounts().list();
            if (json) {
                out.println(accounts.stream().map(a -> "{\"address\":" + JsonString.quote(a.address()) + ",\"disabled\":" + a.disabled()
                        + ",\"created\":" + (a.createdAt() == null ? "null" : JsonString.quote(a.createdAt().toString())) + "}")
                        .collect(Collectors.joining(",\n ", "[", "]")));
            } else {
                for (Account a : accounts) out.println(a.address());
            }
            out.flush();
            return ExitCodes.OK;
        });
    }

    @Command(name = "passwd", description = {"Set a new password; read as for 'account add'.", "Prints nothing on success."})
    int passwd(@Parameters(paramLabel = "ADDR", description = "The account's address.") String address,
               @Option(names = "--password-stdin", description = "Read the password from standard input.") boolean stdin)
            throws Exception {
        char[] password = password("passwd", address, stdin);
        try {
            return StoreCommands.run(spec, store -> {
                store.accounts().setPassword(address, password);
                return ExitCodes.OK;
            });
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    @Command(name = "delete", description = {"Delete an account with its mailboxes and messages.",
            "Message files stay in the blob tree until 'mailstore gc' finds them unreferenced.", "Prints nothing on success."})
    int delete(@Parameters(paramLabel = "ADDR", description = "The account's address.") String address) throws Exception {
        return StoreCommands.run(spec, store -> {
            store.accounts().delete(address);
            return ExitCodes.OK;
        });
    }

    /**
     * Reads the password before anything is opened, but after the configuration is known to be
     * good, so nobody types a password only to learn of a typo in mailstore.conf. Unusable input is
     * bad usage of {@code subcommand}.
     */
    private char[] password(String subcommand, String address, boolean fromStdin) throws java.io.IOException {
        MailstoreCommand.of(spec).config();
        try {
            return fromStdin ? PasswordInput.fromStream(context.in()) : PasswordInput.fromConsole(context.console(), address);
        } catch (PasswordInput.BadPasswordException e) {
            throw new ParameterException(spec.commandLine().getSubcommands().get(subcommand), e.getMessage());
        }
    }
}
