package org.mailstore.server;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import org.mailstore.reconciler.JsonString;
import org.mailstore.store.Account;
import org.mailstore.store.MailStore;
import org.mailstore.store.MailboxInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mailstore mailbox list|create|delete}. */
@Command(name = "mailbox", description = "List, create and delete an account's mailboxes.")
final class MailboxCommand implements Callable<Integer> {
    private final CliContext context;

    @Spec
    private CommandSpec spec;

    MailboxCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: list, create or delete");
    }

    @Command(name = "list", description = {"Print the account's mailboxes, one per line:",
            "  NAME messages=N unseen=N size=BYTES uidvalidity=N uidnext=N",
            "With --json: one JSON array of objects with those fields (name, messages, unseen, size, uidvalidity, uidnext)."})
    int list(@Parameters(paramLabel = "ADDR", description = "The account's address.") String address,
             @Option(names = "--json", description = "Print JSON for scripts.") boolean json) throws Exception {
        return StoreCommands.run(spec, store -> {
            PrintStream out = context.out();
            List<MailboxInfo> boxes = store.mailboxes().list(account(store, address));
            if (json) {
                out.println(boxes.stream().map(m -> "{\"name\":" + JsonString.quote(m.name()) + ",\"messages\":" + m.messages()
                        + ",\"unseen\":" + m.unseen() + ",\"size\":" + m.size() + ",\"uidvalidity\":" + m.uidValidity()
                        + ",\"uidnext\":" + m.uidNext() + "}").collect(Collectors.joining(",\n ", "[", "]")));
                out.flush();
                return ExitCodes.OK;
            }
            for (MailboxInfo m : boxes) {
                out.println(m.name() + " messages=" + m.messages() + " unseen=" + m.unseen() + " size=" + m.size()
                        + " uidvalidity=" + m.uidValidity() + " uidnext=" + m.uidNext());
            }
            out.flush();
            return ExitCodes.OK;
        });
    }

    @Command(name = "create", description = {"Create a mailbox ('/' separates levels, as in Archive/2024).",
            "Prints nothing on success."})
    int create(@Parameters(index = "0", paramLabel = "ADDR", description = "The account's address.") String address,
               @Parameters(index = "1", paramLabel = "NAME", description = "The mailbox name.") String name) throws Exception {
        return StoreCommands.run(spec, store -> {
            store.mailboxes().create(account(store, address), name);
            return ExitCodes.OK;
        });
    }

    @Command(name = "delete", description = {"Delete a mailbox and its messages (INBOX cannot be deleted).",
            "Prints nothing on success."})
    int delete(@Parameters(index = "0", paramLabel = "ADDR", description = "The account's address.") String address,
               @Parameters(index = "1", paramLabel = "NAME", description = "The mailbox name.") String name) throws Exception {
        return StoreCommands.run(spec, store -> {
            store.mailboxes().delete(account(store, address), name);
            return ExitCodes.OK;
        });
    }

    private static Account account(MailStore store, String address) {
        return store.accounts().get(address);
    }
}
