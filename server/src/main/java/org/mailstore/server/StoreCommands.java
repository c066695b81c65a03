package org.mailstore.server;

import org.mailstore.store.MailStore;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs one CLI action against the store: opens PostgreSQL (serve's, when it runs), the pool, the
 * schema and the store, runs the action, closes everything again, also when the process is
 * interrupted meanwhile.
 */
final class StoreCommands {
    @FunctionalInterface
    interface Action {
        int run(MailStore store) throws Exception;
    }

    private StoreCommands() {}

    static int run(CommandSpec spec, Action action) throws Exception {
        return CommandServices.run(spec, (root, services) ->
                action.run(Backend.open(root.config(), Backend.Role.COMMAND, services).store()));
    }
}
