package org.mailstore.server;

import picocli.CommandLine.Command;

/** {@code mailstore bench}: load generators, one subcommand per protocol; each prints a one-line summary last. */
@Command(name = "bench",
        description = "Load generators against a running server, and benchmark fixtures; each prints a one-line summary last.",
        subcommands = {BenchLmtpCommand.class, BenchPop3Command.class, BenchImapCommand.class, BenchPopulateCommand.class})
final class BenchCommand {
}
