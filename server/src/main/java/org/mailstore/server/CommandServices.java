package org.mailstore.server;

import org.mailstore.reconciler.ConsoleProgress;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The frame of a CLI command that opens services (PostgreSQL, pools, the store): one {@link ServiceStack} that is
 * closed when the command returns or fails, and also when the process is stopped meanwhile (SIGTERM, Ctrl-C), so a
 * command started for its own embedded PostgreSQL never leaves it running.
 */
final class CommandServices {
    @FunctionalInterface
    interface Body {
        int run(MailstoreCommand root, ServiceStack services) throws Exception;
    }

    private CommandServices() {}

    static int run(CommandSpec spec, Body body) throws Exception {
        MailstoreCommand root = MailstoreCommand.of(spec);
        ProcessLifecycle lifecycle = root.context().lifecycle();
        try (ServiceStack services = new ServiceStack()) {
            lifecycle.closeOnStop(services);
            return body.run(root, services);
        } finally {
            lifecycle.closeOnStop(null);
        }
    }

    /** Progress of a long command on standard error, redrawn in place on a terminal; {@code command} as "gc". */
    static ConsoleProgress progress(CliContext context, String command) {
        return new ConsoleProgress(context.err(), context.console().isPresent(), "mailstore " + command);
    }
}
